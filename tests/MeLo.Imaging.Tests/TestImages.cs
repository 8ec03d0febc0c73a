using System.Buffers.Binary;
using System.IO.Compression;
using SkiaSharp;

namespace MeLo.Imaging.Tests;

/// <summary>Builds encoded test images in memory: Skia for what it can encode, hand-written PNG-16 and BMP for the rest.</summary>
internal static class TestImages
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static byte[] EncodeRgb(int width, int height, Func<int, int, (byte R, byte G, byte B)> pixel, SKEncodedImageFormat format, int quality = 100)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                var (r, g, b) = pixel(x, y);
                bitmap.SetPixel(x, y, new SKColor(r, g, b));
            }
        }

        return Encode(bitmap.PeekPixels(), format, quality);
    }

    public static byte[] EncodeGray(int width, int height, Func<int, int, byte> pixel, SKEncodedImageFormat format, int quality = 100)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        var gray = bitmap.GetPixelSpan();
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                gray[(y * bitmap.RowBytes) + x] = pixel(x, y);
            }
        }

        return Encode(bitmap.PeekPixels(), format, quality);
    }

    /// <summary>Lossless WebP: Skia's default WebP encoding is lossy even at quality 100.</summary>
    public static byte[] EncodeLosslessWebp(int width, int height, Func<int, int, (byte R, byte G, byte B)> pixel)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                var (r, g, b) = pixel(x, y);
                bitmap.SetPixel(x, y, new SKColor(r, g, b));
            }
        }

        using var data = bitmap.PeekPixels().Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossless, 100))
            ?? throw new InvalidOperationException("Skia cannot encode lossless WebP.");
        return data.ToArray();
    }

    /// <summary>
    /// A 16-bit PNG with <paramref name="channels"/> samples per pixel (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA).
    /// Row y uses filter type <c>filterOfRow(y)</c> so every unfilter path is exercised; optionally Adam7-interlaced.
    /// </summary>
    public static byte[] Png16(int width, int height, int channels, Func<int, int, int, ushort> sample, Func<int, int>? filterOfRow = null, bool interlaced = false)
    {
        byte colorType = channels switch { 1 => 0, 2 => 4, 3 => 2, 4 => 6, _ => throw new ArgumentOutOfRangeException(nameof(channels)) };
        int bytesPerPixel = channels * 2;
        (int X, int Y, int Dx, int Dy)[] passes = interlaced
            ? [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
            : [(0, 0, 1, 1)];
        var raw = new MemoryStream();
        int rowIndex = 0;
        foreach (var pass in passes)
        {
            int passWidth = width > pass.X ? (width - pass.X + pass.Dx - 1) / pass.Dx : 0;
            int passHeight = height > pass.Y ? (height - pass.Y + pass.Dy - 1) / pass.Dy : 0;
            if (passWidth == 0 || passHeight == 0)
            {
                continue;
            }

            var previous = new byte[passWidth * bytesPerPixel];
            for (int row = 0; row < passHeight; row++)
            {
                var line = new byte[passWidth * bytesPerPixel];
                for (int i = 0; i < passWidth; i++)
                {
                    for (int c = 0; c < channels; c++)
                    {
                        ushort v = sample(pass.X + (i * pass.Dx), pass.Y + (row * pass.Dy), c);
                        line[(i * bytesPerPixel) + (2 * c)] = (byte)(v >> 8);
                        line[(i * bytesPerPixel) + (2 * c) + 1] = (byte)v;
                    }
                }

                int filter = filterOfRow?.Invoke(rowIndex++) ?? 0;
                raw.WriteByte((byte)filter);
                raw.Write(Filter(filter, line, previous, bytesPerPixel));
                previous = line;
            }
        }

        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            raw.WriteTo(zlib);
        }

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 16;
        header[9] = colorType;
        header[12] = (byte)(interlaced ? 1 : 0);
        return PngFromChunks(("IHDR", header), ("IDAT", compressed.ToArray()), ("IEND", []));
    }

    public static byte[] PngFromChunks(params (string Type, byte[] Data)[] chunks)
    {
        var png = new MemoryStream();
        png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        foreach (var (type, data) in chunks)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
            png.Write(length);
            var typeAndData = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
            png.Write(typeAndData);
            var crc = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
            png.Write(crc);
        }

        return png.ToArray();
    }

    /// <summary>An IHDR-only PNG claiming a size; enough for the header checks.</summary>
    public static byte[] PngHeaderOnly(int width, int height, byte bitDepth)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = bitDepth;
        header[9] = 0;
        return PngFromChunks(("IHDR", header), ("IDAT", [0x78, 0x9C]), ("IEND", []));
    }

    /// <summary>A 24-bit bottom-up BMP (BITMAPINFOHEADER), written by hand because Skia cannot encode BMP.</summary>
    public static byte[] Bmp24(int width, int height, Func<int, int, (byte R, byte G, byte B)> pixel)
    {
        int rowBytes = ((width * 3) + 3) & ~3;
        int imageBytes = rowBytes * height;
        var bmp = new byte[54 + imageBytes];
        "BM"u8.CopyTo(bmp);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 24);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(34), imageBytes);
        for (int y = 0; y < height; y++)
        {
            int row = 54 + ((height - 1 - y) * rowBytes);
            for (int x = 0; x < width; x++)
            {
                var (r, g, b) = pixel(x, y);
                bmp[row + (x * 3)] = b;
                bmp[row + (x * 3) + 1] = g;
                bmp[row + (x * 3) + 2] = r;
            }
        }

        return bmp;
    }

    private static byte[] Encode(SKPixmap pixmap, SKEncodedImageFormat format, int quality)
    {
        using var data = pixmap.Encode(format, quality) ?? throw new InvalidOperationException($"Skia cannot encode {format}.");
        return data.ToArray();
    }

    private static byte[] Filter(int filter, byte[] line, byte[] previous, int bpp)
    {
        var output = new byte[line.Length];
        for (int i = 0; i < line.Length; i++)
        {
            int left = i >= bpp ? line[i - bpp] : 0;
            int up = previous[i];
            int upLeft = i >= bpp ? previous[i - bpp] : 0;
            int predictor = filter switch
            {
                0 => 0,
                1 => left,
                2 => up,
                3 => (left + up) >> 1,
                4 => Paeth(left, up, upLeft),
                _ => throw new ArgumentOutOfRangeException(nameof(filter)),
            };
            output[i] = (byte)(line[i] - predictor);
        }

        return output;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFF;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
