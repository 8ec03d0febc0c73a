using MeLo.Dicom;
using SkiaSharp;

namespace MeLo.Imaging;

/// <summary>
/// Decodes PNG (8 and 16 bit), JPEG, BMP and WebP into <see cref="DecodedImage"/>: grayscale is replicated to
/// three channels, alpha is dropped (colour values are taken unpremultiplied), and no colour-profile or EXIF
/// orientation is applied, matching how PIL and torchvision load training images. DICOM Part 10 files are rendered to
/// 8 bits by <see cref="DicomImages"/> and then follow the same path. Thread-safe.
/// </summary>
public sealed class ImageDecoder
{
    /// <summary>64 megapixels: above any real radiograph or mammogram, far below a decompression bomb.</summary>
    public const long DefaultMaxPixels = 64_000_000;

    private static readonly byte[] PngSignature = [137, 80, 78, 71, 13, 10, 26, 10];

    public ImageDecoder(long maxPixels = DefaultMaxPixels)
        : this(ImageInputLimits.Unbounded with { MaxPixels = maxPixels })
    {
    }

    /// <param name="limits">Checked from the header before any pixel is decoded.</param>
    public ImageDecoder(ImageInputLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxPixels, 1);
        Limits = limits;
    }

    public static ImageDecoder Default { get; } = new();

    public ImageInputLimits Limits { get; }

    /// <summary>Images with more pixels than this are refused before their pixels are allocated.</summary>
    public long MaxPixels => Limits.MaxPixels;

    /// <summary>Reads and validates the header (format, size, pixel limit) without decoding pixels.</summary>
    /// <exception cref="ImageDecodeException">The data is not a decodable image or is too large.</exception>
    public ImageHeader ReadHeader(ReadOnlySpan<byte> data)
    {
        var format = DetectFormat(data);
        ImageHeader header;
        if (format == ImageFormat.Dicom)
        {
            return DicomImages.ReadHeader(data.ToArray(), MaxPixels);
        }

        if (format == ImageFormat.Png && Png16Decoder.IsSixteenBit(data))
        {
            header = Png16Decoder.ReadHeader(data);
        }
        else
        {
            using var codec = CreateCodec(data.ToArray(), format);
            header = HeaderOf(codec, format, data);
        }

        Limits.Check(header, data.Length);
        return header;
    }

    /// <summary>Reads and validates the header of a file, reading only as much of it as the header needs.</summary>
    /// <exception cref="ImageDecodeException">The file is unreadable, not a decodable image, or too large.</exception>
    public ImageHeader ReadFileHeader(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return WithPath(path, () =>
        {
            using var stream = File.OpenRead(path);
            long length = stream.Length; // Skia closes the stream it reads
            var start = new byte[(int)Math.Min(stream.Length, 64)];
            stream.ReadExactly(start);
            if (DicomImages.HasSignature(stream))
            {
                return DicomImages.ReadHeader(File.ReadAllBytes(path), MaxPixels);
            }

            var format = DetectFormat(start);
            if (format == ImageFormat.Png && Png16Decoder.IsSixteenBit(start))
            {
                var header = Png16Decoder.ReadHeader(start);
                Limits.Check(header, length);
                return header;
            }

            stream.Position = 0;
            using var codec = SKCodec.Create(stream, out var result) ?? throw CodecCreationFailed(result, format);
            var skiaHeader = HeaderOf(codec, format, start);
            Limits.Check(skiaHeader, length);
            return skiaHeader;
        });
    }

    /// <summary>Decodes an encoded image at full resolution.</summary>
    /// <exception cref="ImageDecodeException">The data is empty, not a supported format, truncated, corrupt or too large.</exception>
    public DecodedImage Decode(ReadOnlySpan<byte> data) => Decode(data, targetSize: null);

    /// <summary>
    /// Decodes an image that will be resized to <paramref name="targetSize"/> px: an image at least
    /// <see cref="ReductionThreshold"/> times larger (8-bit formats) is box-averaged while its rows are decoded, so its
    /// full-resolution pixels are never held as floats (three times the bytes of Skia's RGBA). The result is at least twice the target on its shorter side,
    /// leaving the anti-aliased resize the last step as for any other image.
    /// </summary>
    /// <exception cref="ImageDecodeException">The data is empty, not a supported format, truncated, corrupt or too large.</exception>
    public DecodedImage Decode(ReadOnlySpan<byte> data, int? targetSize)
    {
        var format = DetectFormat(data);
        try
        {
            if (format == ImageFormat.Dicom)
            {
                return DicomImages.Decode(data.ToArray(), MaxPixels);
            }

            if (format == ImageFormat.Png && Png16Decoder.IsSixteenBit(data))
            {
                Limits.Check(Png16Decoder.ReadHeader(data), data.Length);
                EncodedImageVerifier.Verify(data, format);
                return Png16Decoder.Decode(data, MaxPixels);
            }

            using var codec = CreateCodec(data.ToArray(), format);
            var header = HeaderOf(codec, format, data);
            Limits.Check(header, data.Length);
            EncodedImageVerifier.Verify(data, format);
            int factor = ReductionFactor(header, targetSize);
            return factor > 1 ? ScanlineReducer.Decode(codec, header, factor) : DecodePixels(codec, header);
        }
        catch (Exception e) when (e is not ImageDecodeException and not OutOfMemoryException)
        {
            // Hostile input can make the codecs throw their own exception types; callers handle one type.
            throw new ImageDecodeException(ImageDecodeError.Corrupt, $"{format} data could not be decoded ({e.GetType().Name})", innerException: e);
        }
    }

    /// <summary>How many times larger than its target an 8-bit image must be to be reduced while decoding.</summary>
    public const int ReductionThreshold = 4;

    /// <summary>
    /// About how many bytes <see cref="Decode(ReadOnlySpan{byte}, int?)"/> allocates for an image with this header and
    /// encoded size, resize included; lets a server bound the memory of concurrent decodes before starting one.
    /// </summary>
    public static long EstimateDecodeBytes(ImageHeader header, long encodedBytes, int? targetSize)
    {
        int factor = ReductionFactor(header, targetSize);
        long decoded = header.PixelCount / ((long)factor * factor) * 3 * sizeof(float);
        // The inflated 16-bit rows, or Skia's RGBA pixels: some formats (PNG) it decodes only whole.
        long working = header.PixelCount * (header.BitsPerChannel == 16 ? 8 : 4);
        // The encoded copy handed to Skia, and the resizer's two passes over the decoded floats.
        return encodedBytes + working + (3 * decoded);
    }

    private static int ReductionFactor(ImageHeader header, int? targetSize)
    {
        if (targetSize is not { } target || header.BitsPerChannel == 16)
        {
            return 1;
        }

        int shorter = Math.Min(header.Width, header.Height);
        return shorter >= ReductionThreshold * target ? shorter / (2 * target) : 1;
    }

    /// <summary>Decodes an image file.</summary>
    /// <exception cref="ImageDecodeException">The file is unreadable, or its content cannot be decoded; the message names the file.</exception>
    public DecodedImage DecodeFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return WithPath(path, () => Decode(File.ReadAllBytes(path)));
    }

    private static T WithPath<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ImageDecodeException e)
        {
            throw new ImageDecodeException(e.Reason, e.Detail, path, e);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ImageDecodeException(ImageDecodeError.Unreadable, "file not found", path, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageDecodeException(ImageDecodeError.Unreadable, e.Message, path, e);
        }
    }

    private static ImageFormat DetectFormat(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            throw new ImageDecodeException(ImageDecodeError.Empty, "no data (0 bytes)");
        }

        if (data.StartsWith(PngSignature))
        {
            return ImageFormat.Png;
        }

        if (data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return ImageFormat.Jpeg;
        }

        if (data.StartsWith("BM"u8))
        {
            return ImageFormat.Bmp;
        }

        if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return ImageFormat.Webp;
        }

        if (DicomFileReader.HasPart10Signature(data))
        {
            return ImageFormat.Dicom;
        }

        string? unsupported =
            data.StartsWith("GIF8"u8) ? "GIF"
            : data.StartsWith("II*\0"u8) || data.StartsWith("MM\0*"u8) ? "TIFF"
            : null;
        throw unsupported is null
            ? new ImageDecodeException(ImageDecodeError.UnknownFormat, $"not a PNG, JPEG, BMP or WebP image ({data.Length} bytes, no known signature)")
            : new ImageDecodeException(ImageDecodeError.UnsupportedFormat, $"{unsupported} is not supported; use PNG, JPEG, BMP or WebP");
    }

    private static SKCodec CreateCodec(byte[] data, ImageFormat format) =>
        SKCodec.Create(new MemoryStream(data, writable: false), out var result) ?? throw CodecCreationFailed(result, format);

    private static ImageDecodeException CodecCreationFailed(SKCodecResult result, ImageFormat format) =>
        result == SKCodecResult.IncompleteInput
            ? new ImageDecodeException(ImageDecodeError.Truncated, $"{format} data ends inside its header")
            : new ImageDecodeException(ImageDecodeError.Corrupt, $"{format} header is invalid ({result})");

    private static ImageHeader HeaderOf(SKCodec codec, ImageFormat format, ReadOnlySpan<byte> data)
    {
        var info = codec.Info;
        // IHDR's interlace byte: Skia decodes interlaced PNG rows through a whole-image buffer of its own.
        bool interlaced = format == ImageFormat.Png && data.Length > 28 && data[28] == 1;
        return new ImageHeader(format, info.Width, info.Height, BitsPerChannel: 8, IsGrayscale: info.ColorType == SKColorType.Gray8) { Interlaced = interlaced };
    }

    private static DecodedImage DecodePixels(SKCodec codec, ImageHeader header)
    {
        var info = new SKImageInfo(header.Width, header.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        switch (result)
        {
            case SKCodecResult.Success:
                break;
            case SKCodecResult.IncompleteInput:
                throw new ImageDecodeException(ImageDecodeError.Truncated, $"{header.Format} image data ends early");
            default:
                throw new ImageDecodeException(ImageDecodeError.Corrupt, $"{header.Format} image data is invalid ({result})");
        }

        var rgba = bitmap.GetPixelSpan();
        var rgb = new float[header.PixelCount * 3];
        for (long pixel = 0; pixel < header.PixelCount; pixel++)
        {
            int source = (int)(pixel * 4);
            rgb[pixel * 3] = rgba[source] / 255f;
            rgb[(pixel * 3) + 1] = rgba[source + 1] / 255f;
            rgb[(pixel * 3) + 2] = rgba[source + 2] / 255f;
        }

        return new DecodedImage(header.Width, header.Height, rgb);
    }
}
