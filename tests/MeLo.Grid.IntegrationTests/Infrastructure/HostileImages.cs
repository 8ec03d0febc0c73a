using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace MeLo.Grid.IntegrationTests.Infrastructure;

/// <summary>Images an attacker or a broken client sends: decompression bombs, cut and corrupted files.</summary>
static class HostileImages
{
    /// <summary>A complete, valid 8-bit grey PNG of zeros: a few hundred KB that declare <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static byte[] PngBomb(int width, int height)
    {
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[width + 1]; // filter byte 0, then zeros
            for (int y = 0; y < height; y++)
                zlib.Write(row);
        }
        return Png(Ihdr(width, height), compressed.ToArray());
    }

    /// <summary>Only a signature and an IHDR declaring the size: what a header check must refuse.</summary>
    public static byte[] PngHeaderOnly(int width, int height) => [.. Signature, .. Chunk("IHDR", Ihdr(width, height))];

    public static byte[] WithoutIend(byte[] png) => png[..^12];

    /// <summary>Cut in the middle of the last IDAT chunk.</summary>
    public static byte[] CutInsideImageData(byte[] png) => png[..^20];

    public static byte[] WithBadCrc(byte[] png)
    {
        var copy = png.ToArray();
        copy[^20] ^= 0x5A;
        return copy;
    }

    static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    static byte[] Ihdr(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth; colour type 0 (grey), no interlace
        return ihdr;
    }

    static byte[] Png(byte[] ihdr, byte[] idat) => [.. Signature, .. Chunk("IHDR", ihdr), .. Chunk("IDAT", idat), .. Chunk("IEND", [])];

    static byte[] Chunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32.HashToUInt32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }
}
