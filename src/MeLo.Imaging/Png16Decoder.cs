using System.Buffers.Binary;
using System.IO.Compression;

namespace MeLo.Imaging;

/// <summary>
/// Decodes 16-bit PNGs exactly. Skia reduces 16-bit grayscale PNG to 8 bits whatever colour type is requested
/// (and offers at most half floats for 16-bit RGB), which would throw away the precision medical images carry.
/// </summary>
internal static class Png16Decoder
{
    private const int SignatureLength = 8;

    // Signature, IHDR length and type, 13 bytes of IHDR data, CRC.
    private const int HeaderEnd = SignatureLength + 8 + 13 + 4;

    // Adam7 passes: first column, first row, column step, row step.
    private static readonly (int X, int Y, int Dx, int Dy)[] Adam7Passes =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    private static readonly (int X, int Y, int Dx, int Dy)[] SinglePass = [(0, 0, 1, 1)];

    /// <summary>Whether a PNG's IHDR (always the first chunk) declares 16 bits per channel.</summary>
    public static bool IsSixteenBit(ReadOnlySpan<byte> png) =>
        png.Length > 24 && png.Slice(12, 4).SequenceEqual("IHDR"u8) && png[24] == 16;

    public static ImageHeader ReadHeader(ReadOnlySpan<byte> png) => ToImageHeader(ParseHeader(png));

    public static DecodedImage Decode(ReadOnlySpan<byte> png, long maxPixels)
    {
        var header = ParseHeader(png);
        ImageLimits.CheckPixelCount(header.Width, header.Height, maxPixels);

        int bytesPerPixel = header.Channels * 2;
        var passes = header.Interlaced ? Adam7Passes : SinglePass;
        long rawLength = 0;
        foreach (var pass in passes)
        {
            var (width, height) = PassSize(pass, header);
            if (width > 0 && height > 0)
            {
                rawLength += height * (1 + ((long)width * bytesPerPixel));
            }
        }

        if (rawLength > Array.MaxLength)
        {
            throw new ImageDecodeException(ImageDecodeError.TooLarge, $"{header.Width}x{header.Height} 16-bit image needs more memory than one buffer can hold");
        }

        var raw = Inflate(CollectImageData(png), (int)rawLength);
        var rgb = new float[(long)header.Width * header.Height * 3];
        int offset = 0;
        foreach (var pass in passes)
        {
            var (width, height) = PassSize(pass, header);
            if (width == 0 || height == 0)
            {
                continue;
            }

            int rowBytes = width * bytesPerPixel;
            Span<byte> previous = new byte[rowBytes];
            for (int row = 0; row < height; row++)
            {
                byte filter = raw[offset];
                var current = raw.AsSpan(offset + 1, rowBytes);
                Unfilter(filter, current, previous, bytesPerPixel);
                StorePixels(current, rgb, header, pass, row, width);
                previous = current;
                offset += 1 + rowBytes;
            }
        }

        return new DecodedImage(header.Width, header.Height, rgb);
    }

    private static PngHeader ParseHeader(ReadOnlySpan<byte> png)
    {
        if (png.Length < HeaderEnd)
        {
            throw new ImageDecodeException(ImageDecodeError.Truncated, "PNG ends inside its header");
        }

        uint width = BinaryPrimitives.ReadUInt32BigEndian(png[16..]);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(png[20..]);
        byte colorType = png[25];
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
        {
            throw new ImageDecodeException(ImageDecodeError.Corrupt, $"PNG header declares an invalid size {width}x{height}");
        }

        int channels = colorType switch
        {
            0 => 1, // gray
            2 => 3, // RGB
            4 => 2, // gray + alpha
            6 => 4, // RGBA
            _ => throw new ImageDecodeException(ImageDecodeError.Corrupt, $"PNG colour type {colorType} is invalid at 16 bits per channel"),
        };
        if (png[26] != 0 || png[27] != 0 || png[28] > 1)
        {
            throw new ImageDecodeException(ImageDecodeError.Corrupt, "PNG header declares an unknown compression, filter or interlace method");
        }

        return new PngHeader((int)width, (int)height, channels, Interlaced: png[28] == 1);
    }

    private static ImageHeader ToImageHeader(PngHeader header) =>
        new(ImageFormat.Png, header.Width, header.Height, BitsPerChannel: 16, IsGrayscale: header.Channels <= 2) { Interlaced = header.Interlaced };

    private static (int Width, int Height) PassSize((int X, int Y, int Dx, int Dy) pass, PngHeader header) =>
        (header.Width > pass.X ? (header.Width - pass.X + pass.Dx - 1) / pass.Dx : 0,
         header.Height > pass.Y ? (header.Height - pass.Y + pass.Dy - 1) / pass.Dy : 0);

    private static MemoryStream CollectImageData(ReadOnlySpan<byte> png)
    {
        var imageData = new MemoryStream();
        int offset = SignatureLength;
        while (true)
        {
            var chunk = PngChunk.ReadAt(png, offset);
            if (chunk.Is("IDAT"u8))
            {
                imageData.Write(chunk.Data);
            }
            else if (chunk.Is("IEND"u8))
            {
                break;
            }

            offset = chunk.Next;
        }

        if (imageData.Length == 0)
        {
            throw new ImageDecodeException(ImageDecodeError.Corrupt, "PNG has no image data (IDAT)");
        }

        imageData.Position = 0;
        return imageData;
    }

    private static byte[] Inflate(MemoryStream compressed, int rawLength)
    {
        var raw = new byte[rawLength];
        int read;
        try
        {
            using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
            read = zlib.ReadAtLeast(raw, rawLength, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new ImageDecodeException(ImageDecodeError.Corrupt, "PNG image data is not valid zlib data", innerException: e);
        }

        if (read < rawLength)
        {
            throw new ImageDecodeException(ImageDecodeError.Truncated, "PNG image data ends early");
        }

        return raw;
    }

    private static void Unfilter(byte filter, Span<byte> row, ReadOnlySpan<byte> previous, int bytesPerPixel)
    {
        switch (filter)
        {
            case 0: // None
                break;
            case 1: // Sub
                for (int i = bytesPerPixel; i < row.Length; i++)
                {
                    row[i] += row[i - bytesPerPixel];
                }

                break;
            case 2: // Up
                for (int i = 0; i < row.Length; i++)
                {
                    row[i] += previous[i];
                }

                break;
            case 3: // Average
                for (int i = 0; i < row.Length; i++)
                {
                    int left = i >= bytesPerPixel ? row[i - bytesPerPixel] : 0;
                    row[i] += (byte)((left + previous[i]) >> 1);
                }

                break;
            case 4: // Paeth
                for (int i = 0; i < row.Length; i++)
                {
                    int left = i >= bytesPerPixel ? row[i - bytesPerPixel] : 0;
                    int upLeft = i >= bytesPerPixel ? previous[i - bytesPerPixel] : 0;
                    row[i] += Paeth(left, previous[i], upLeft);
                }

                break;
            default:
                throw new ImageDecodeException(ImageDecodeError.Corrupt, $"PNG row uses unknown filter type {filter}");
        }
    }

    private static byte Paeth(int left, int up, int upLeft)
    {
        int estimate = left + up - upLeft;
        int toLeft = Math.Abs(estimate - left);
        int toUp = Math.Abs(estimate - up);
        int toUpLeft = Math.Abs(estimate - upLeft);
        return (byte)(toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft);
    }

    private static void StorePixels(ReadOnlySpan<byte> row, float[] rgb, PngHeader header, (int X, int Y, int Dx, int Dy) pass, int passRow, int passWidth)
    {
        int y = pass.Y + (passRow * pass.Dy);
        bool color = header.Channels >= 3;
        for (int i = 0; i < passWidth; i++)
        {
            int x = pass.X + (i * pass.Dx);
            int source = i * header.Channels * 2;
            long target = (((long)y * header.Width) + x) * 3;
            float red = Sample(row, source);
            rgb[target] = red;
            rgb[target + 1] = color ? Sample(row, source + 2) : red;
            rgb[target + 2] = color ? Sample(row, source + 4) : red;
        }
    }

    private static float Sample(ReadOnlySpan<byte> row, int index) => ((row[index] << 8) | row[index + 1]) / 65535f;

    private readonly record struct PngHeader(int Width, int Height, int Channels, bool Interlaced);
}
