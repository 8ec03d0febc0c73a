using System.Buffers.Binary;
using System.Text;

namespace MeLo.Dicom;

/// <summary>
/// Reads little-endian data elements from a buffer. Every length is checked against the end of its enclosing value
/// before it is used, and sequences may nest only <see cref="DicomFileReader.MaxSequenceDepth"/> deep, so a hostile file
/// ends in a <see cref="DicomException"/> rather than an out-of-range read or a stack overflow.
/// </summary>
internal sealed class DicomParser(ReadOnlyMemory<byte> data, int position, bool explicitVr)
{
    private const uint UndefinedLength = 0xFFFF_FFFF;

    /// <summary>VRs whose explicit encoding has two reserved bytes and a 32-bit length (PS3.5 7.1.2).</summary>
    private static readonly HashSet<string> LongVrs = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"];

    private bool _explicitVr = explicitVr;

    public int Position { get; private set; } = position;

    /// <summary>Reads elements up to <paramref name="end"/>; with <paramref name="untilItemDelimiter"/>, up to an Item Delimitation Item.</summary>
    public DicomDataset ReadDataset(int end, int depth, bool untilItemDelimiter = false)
    {
        if (depth > DicomFileReader.MaxSequenceDepth)
            throw Malformed($"sequences are nested more than {DicomFileReader.MaxSequenceDepth} levels deep");
        var elements = new List<DicomElement>();
        while (Position < end)
        {
            uint tag = ReadTag(end);
            if (tag == DicomTags.ItemDelimitationItem && untilItemDelimiter)
            {
                ReadUInt32(end);
                return new DicomDataset(elements);
            }

            if (tag is DicomTags.Item or DicomTags.ItemDelimitationItem or DicomTags.SequenceDelimitationItem)
                throw Malformed($"unexpected delimiter {DicomElement.FormatTag(tag)} at byte {Position - 4}");
            elements.Add(ReadElement(tag, end, depth));
        }

        if (untilItemDelimiter)
            throw Truncated("an item of undefined length has no Item Delimitation Item before the end of the data");
        return new DicomDataset(elements);
    }

    /// <summary>The group of the next tag, or null at the end of the data.</summary>
    public ushort? PeekGroup() =>
        Position + 2 <= data.Length ? BinaryPrimitives.ReadUInt16LittleEndian(data.Span[Position..]) : null;

    /// <summary>Reads one element whose tag starts at the current position.</summary>
    public DicomElement ReadElement(int end) => ReadElement(ReadTag(end), end, depth: 0);

    private DicomElement ReadElement(uint tag, int end, int depth)
    {
        string vr;
        uint length;
        if (_explicitVr)
        {
            Require(2, end, tag);
            var span = data.Span.Slice(Position, 2);
            if (!char.IsAsciiLetterUpper((char)span[0]) || !char.IsAsciiLetterUpper((char)span[1]))
                throw Malformed($"{DicomElement.FormatTag(tag)} has an invalid VR (bytes 0x{span[0]:X2} 0x{span[1]:X2}) at byte {Position}");
            vr = Encoding.ASCII.GetString(span);
            Position += 2;
            if (LongVrs.Contains(vr))
            {
                Require(2, end, tag);
                Position += 2;
                length = ReadUInt32(end);
            }
            else
            {
                Require(2, end, tag);
                length = BinaryPrimitives.ReadUInt16LittleEndian(data.Span[Position..]);
                Position += 2;
            }
        }
        else
        {
            vr = tag == DicomTags.PixelData ? "OW" : DicomDictionary.VrOf(tag);
            length = ReadUInt32(end);
        }

        if (length == UndefinedLength)
            return ReadUndefinedLength(tag, vr, end, depth);

        if (length > end - Position)
            throw Truncated($"{DicomDictionary.Describe(tag)} {vr} claims {length} bytes, but only {end - Position} remain");
        var value = data.Slice(Position, (int)length);
        int valueEnd = Position + (int)length;
        DicomElement element;
        if (vr == "SQ")
        {
            element = new DicomElement(tag, vr, ReadOnlyMemory<byte>.Empty, ReadItems(valueEnd, depth + 1, definedEnd: true));
        }
        else
        {
            element = new DicomElement(tag, vr, value);
        }

        Position = valueEnd;
        return element;
    }

    private DicomElement ReadUndefinedLength(uint tag, string vr, int end, int depth)
    {
        if (tag == DicomTags.PixelData && _explicitVr)
            return new DicomElement(tag, vr, ReadOnlyMemory<byte>.Empty, fragments: ReadFragments(end));
        if (vr is "SQ" or "UN" || !_explicitVr)
        {
            // PS3.5 6.2.2: a UN of undefined length is a sequence encoded as Implicit VR Little Endian.
            bool wasExplicit = _explicitVr;
            _explicitVr = vr != "UN" && _explicitVr;
            var items = ReadItems(end, depth + 1, definedEnd: false);
            _explicitVr = wasExplicit;
            return new DicomElement(tag, "SQ", ReadOnlyMemory<byte>.Empty, items);
        }

        throw Malformed($"{DicomDictionary.Describe(tag)} {vr} has an undefined length, which only sequences and encapsulated Pixel Data may have");
    }

    private List<DicomDataset> ReadItems(int end, int depth, bool definedEnd)
    {
        if (depth > DicomFileReader.MaxSequenceDepth)
            throw Malformed($"sequences are nested more than {DicomFileReader.MaxSequenceDepth} levels deep");
        var items = new List<DicomDataset>();
        while (true)
        {
            if (definedEnd && Position >= end)
                return items;
            uint tag = ReadTag(end);
            uint length = ReadUInt32(end);
            if (tag == DicomTags.SequenceDelimitationItem && !definedEnd)
                return items;
            if (tag != DicomTags.Item)
                throw Malformed($"expected an Item (FFFE,E000) in a sequence, found {DicomElement.FormatTag(tag)} at byte {Position - 8}");
            if (length == UndefinedLength)
            {
                items.Add(ReadDataset(end, depth, untilItemDelimiter: true));
                continue;
            }

            if (length > end - Position)
                throw Truncated($"a sequence item claims {length} bytes, but only {end - Position} remain");
            int itemEnd = Position + (int)length;
            items.Add(ReadDataset(itemEnd, depth));
            Position = itemEnd;
        }
    }

    private List<ReadOnlyMemory<byte>> ReadFragments(int end)
    {
        var fragments = new List<ReadOnlyMemory<byte>>();
        while (true)
        {
            uint tag = ReadTag(end);
            uint length = ReadUInt32(end);
            if (tag == DicomTags.SequenceDelimitationItem)
                return fragments;
            if (tag != DicomTags.Item)
                throw Malformed($"expected a Pixel Data fragment item (FFFE,E000), found {DicomElement.FormatTag(tag)} at byte {Position - 8}");
            if (length == UndefinedLength)
                throw Malformed("a Pixel Data fragment has an undefined length");
            if (length > end - Position)
                throw Truncated($"a Pixel Data fragment claims {length} bytes, but only {end - Position} remain");
            fragments.Add(data.Slice(Position, (int)length));
            Position += (int)length;
        }
    }

    private uint ReadTag(int end)
    {
        if (end - Position < 4)
            throw Truncated($"the data ends inside a tag at byte {Position}");
        var span = data.Span[Position..];
        uint tag = ((uint)BinaryPrimitives.ReadUInt16LittleEndian(span) << 16) | BinaryPrimitives.ReadUInt16LittleEndian(span[2..]);
        Position += 4;
        return tag;
    }

    private uint ReadUInt32(int end)
    {
        if (end - Position < 4)
            throw Truncated($"the data ends inside a length at byte {Position}");
        uint value = BinaryPrimitives.ReadUInt32LittleEndian(data.Span[Position..]);
        Position += 4;
        return value;
    }

    private void Require(int bytes, int end, uint tag)
    {
        if (end - Position < bytes)
            throw Truncated($"the data ends inside the header of {DicomElement.FormatTag(tag)}");
    }

    private static DicomException Malformed(string message) => new(DicomErrorKind.Malformed, message);

    private static DicomException Truncated(string message) => new(DicomErrorKind.Truncated, message);
}
