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
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPixels, 1);
        MaxPixels = maxPixels;
    }

    public static ImageDecoder Default { get; } = new();

    /// <summary>Images with more pixels than this are refused before their pixels are allocated.</summary>
    public long MaxPixels { get; }

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
            header = HeaderOf(codec, format);
        }

        ImageLimits.CheckPixelCount(header.Width, header.Height, MaxPixels);
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
                ImageLimits.CheckPixelCount(header.Width, header.Height, MaxPixels);
                return header;
            }

            stream.Position = 0;
            using var codec = SKCodec.Create(stream, out var result) ?? throw CodecCreationFailed(result, format);
            var skiaHeader = HeaderOf(codec, format);
            ImageLimits.CheckPixelCount(skiaHeader.Width, skiaHeader.Height, MaxPixels);
            return skiaHeader;
        });
    }

    /// <summary>Decodes an encoded image.</summary>
    /// <exception cref="ImageDecodeException">The data is empty, not a supported format, truncated, corrupt or too large.</exception>
    public DecodedImage Decode(ReadOnlySpan<byte> data)
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
                return Png16Decoder.Decode(data, MaxPixels);
            }

            using var codec = CreateCodec(data.ToArray(), format);
            var header = HeaderOf(codec, format);
            ImageLimits.CheckPixelCount(header.Width, header.Height, MaxPixels);
            return DecodePixels(codec, header);
        }
        catch (Exception e) when (e is not ImageDecodeException and not OutOfMemoryException)
        {
            // Hostile input can make the codecs throw their own exception types; callers handle one type.
            throw new ImageDecodeException(ImageDecodeError.Corrupt, $"{format} data could not be decoded ({e.GetType().Name})", innerException: e);
        }
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

    private static ImageHeader HeaderOf(SKCodec codec, ImageFormat format)
    {
        var info = codec.Info;
        return new ImageHeader(format, info.Width, info.Height, BitsPerChannel: 8, IsGrayscale: info.ColorType == SKColorType.Gray8);
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
