using System.Buffers.Binary;

namespace MeLo.Imaging;

/// <summary>
/// One chunk of a PNG file, read with every bound checked: length, type, data and CRC field must lie inside the file.
/// Shared by the completeness check and the 16-bit decoder, which walk the same chunk list.
/// </summary>
internal readonly ref struct PngChunk
{
    PngChunk(ReadOnlySpan<byte> png, int offset, int length)
    {
        Type = png.Slice(offset + 4, 4);
        Data = png.Slice(offset + 8, length);
        TypeAndData = png.Slice(offset + 4, 4 + length);
        Crc = BinaryPrimitives.ReadUInt32BigEndian(png[(offset + 8 + length)..]);
        Next = offset + 12 + length;
    }

    public ReadOnlySpan<byte> Type { get; }
    public ReadOnlySpan<byte> Data { get; }
    /// <summary>What the CRC covers.</summary>
    public ReadOnlySpan<byte> TypeAndData { get; }
    public uint Crc { get; }
    /// <summary>Offset of the following chunk.</summary>
    public int Next { get; }

    public bool Is(ReadOnlySpan<byte> type) => Type.SequenceEqual(type);

    /// <summary>The chunk at <paramref name="offset"/>; a cut or impossible chunk is a typed decode error.</summary>
    public static PngChunk ReadAt(ReadOnlySpan<byte> png, int offset)
    {
        if (offset + 8 > png.Length)
            throw new ImageDecodeException(ImageDecodeError.Truncated, "PNG ends before its IEND chunk");
        uint length = BinaryPrimitives.ReadUInt32BigEndian(png[offset..]);
        if (length > int.MaxValue)
            throw new ImageDecodeException(ImageDecodeError.Corrupt, "PNG chunk declares an invalid length");
        if ((long)offset + 12 + length > png.Length)
            throw new ImageDecodeException(ImageDecodeError.Truncated, $"PNG ends inside a {NameOf(png.Slice(offset + 4, 4))} chunk");
        return new PngChunk(png, offset, (int)length);
    }

    /// <summary>The chunk type as text for messages, or "malformed" when it is not four ASCII letters.</summary>
    public static string NameOf(ReadOnlySpan<byte> type)
    {
        foreach (byte b in type)
            if (!char.IsAsciiLetter((char)b))
                return "malformed";
        return System.Text.Encoding.ASCII.GetString(type);
    }
}
