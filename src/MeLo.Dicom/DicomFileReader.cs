using System.IO.Compression;

namespace MeLo.Dicom;

/// <summary>Parses DICOM Part 10 files: the 128-byte preamble, "DICM", the file meta group, then the data set.</summary>
public static class DicomFileReader
{
    /// <summary>Deeper nesting than any real image header; stops stack exhaustion from hostile files.</summary>
    public const int MaxSequenceDepth = 16;

    /// <summary>A deflated data set may inflate to at most this many bytes (a deflate bomb stops here).</summary>
    public const int MaxInflatedBytes = 512 * 1024 * 1024;

    private const int PreambleLength = 128;

    /// <summary>True when the data carries "DICM" after a 128-byte preamble.</summary>
    public static bool HasPart10Signature(ReadOnlySpan<byte> data) =>
        data.Length >= PreambleLength + 4 && data.Slice(PreambleLength, 4).SequenceEqual("DICM"u8);

    /// <exception cref="DicomException">Not Part 10, malformed, truncated, or in a transfer syntax whose data set cannot be parsed.</exception>
    public static DicomFile Read(ReadOnlyMemory<byte> data)
    {
        if (!HasPart10Signature(data.Span))
            throw new DicomException(DicomErrorKind.Malformed, "not a DICOM Part 10 file (no \"DICM\" at byte 128)");
        try
        {
            return ReadPart10(data);
        }
        catch (Exception e) when (e is not DicomException and not OutOfMemoryException)
        {
            // The parser checks every length; this is the net for anything it missed, so callers handle one type.
            throw new DicomException(DicomErrorKind.Malformed, $"the file is malformed ({e.GetType().Name})", e);
        }
    }

    /// <summary>Reads a file from disk.</summary>
    /// <exception cref="DicomException">As <see cref="Read(ReadOnlyMemory{byte})"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static DicomFile ReadFile(string path) => Read(File.ReadAllBytes(path));

    private static DicomFile ReadPart10(ReadOnlyMemory<byte> data)
    {
        // The file meta group is always Explicit VR Little Endian; it ends where group 0002 does.
        var metaParser = new DicomParser(data, PreambleLength + 4, explicitVr: true);
        var metaElements = new List<DicomElement>();
        while (metaParser.PeekGroup() == 0x0002)
            metaElements.Add(metaParser.ReadElement(data.Length));
        var meta = new DicomDataset(metaElements);
        var uid = meta.Find(DicomTags.TransferSyntaxUid)?.Text();
        if (string.IsNullOrEmpty(uid))
            throw new DicomException(DicomErrorKind.Malformed, "the file meta group has no Transfer Syntax UID (0002,0010)");
        var syntax = TransferSyntax.Find(uid);
        if (!syntax.IsParsable)
            throw Unsupported(syntax);

        var body = data;
        int start = metaParser.Position;
        if (syntax.Deflated)
        {
            body = Inflate(data[start..]);
            start = 0;
        }

        var parser = new DicomParser(body, start, syntax.ExplicitVr);
        return new DicomFile(meta, syntax, parser.ReadDataset(body.Length, depth: 0));
    }

    /// <summary>The error for a syntax this reader does not decode: it names the syntax and its UID.</summary>
    public static DicomException Unsupported(TransferSyntax syntax) =>
        new(DicomErrorKind.Unsupported,
            $"transfer syntax {syntax} is not supported; supported: {string.Join(", ", TransferSyntax.Supported.Select(s => s.Name))}");

    private static ReadOnlyMemory<byte> Inflate(ReadOnlyMemory<byte> deflated)
    {
        using var input = new DeflateStream(new MemoryStream(deflated.ToArray(), writable: false), CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        try
        {
            int read;
            while ((read = input.Read(buffer)) > 0)
            {
                if (output.Length + read > MaxInflatedBytes)
                    throw new DicomException(DicomErrorKind.TooLarge, $"the deflated data set inflates to more than {MaxInflatedBytes} bytes");
                output.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException e)
        {
            throw new DicomException(DicomErrorKind.Malformed, "the deflated data set is corrupt", e);
        }

        return output.GetBuffer().AsMemory(0, (int)output.Length);
    }
}
