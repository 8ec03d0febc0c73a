namespace MeLo.Dicom;

/// <summary>How a data set after the file meta group is encoded, and whether this reader decodes its pixels.</summary>
/// <param name="IsParsable">The data set can be read (Explicit or Implicit VR Little Endian), even when the pixels cannot.</param>
public sealed record TransferSyntax(string Uid, string Name, bool IsSupported, bool ExplicitVr = true, bool Deflated = false, PixelEncoding Pixels = PixelEncoding.Native, bool IsParsable = true)
{
    public const string ImplicitVrLittleEndianUid = "1.2.840.10008.1.2";
    public const string ExplicitVrLittleEndianUid = "1.2.840.10008.1.2.1";
    public const string DeflatedExplicitVrLittleEndianUid = "1.2.840.10008.1.2.1.99";
    public const string RleLosslessUid = "1.2.840.10008.1.2.5";
    public const string JpegBaselineUid = "1.2.840.10008.1.2.4.50";

    static readonly TransferSyntax[] Known =
    [
        new(ImplicitVrLittleEndianUid, "Implicit VR Little Endian", true, ExplicitVr: false),
        new(ExplicitVrLittleEndianUid, "Explicit VR Little Endian", true),
        new(DeflatedExplicitVrLittleEndianUid, "Deflated Explicit VR Little Endian", true, Deflated: true),
        new(RleLosslessUid, "RLE Lossless", true, Pixels: PixelEncoding.Rle),
        new(JpegBaselineUid, "JPEG Baseline (Process 1)", true, Pixels: PixelEncoding.JpegBaseline),
        new("1.2.840.10008.1.2.2", "Explicit VR Big Endian", false, IsParsable: false),
        new("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", false),
        new("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", false),
        new("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])", false),
        new("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless", false),
        new("1.2.840.10008.1.2.4.81", "JPEG-LS Near-Lossless", false),
        new("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", false),
        new("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", false),
        new("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 (Lossless Only)", false),
        new("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options (Lossless Only)", false),
        new("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000", false),
        new("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level", false),
        new("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1", false),
    ];

    /// <summary>The syntax for <paramref name="uid"/>; unknown UIDs come back unsupported, named by their UID.</summary>
    public static TransferSyntax Find(string uid) =>
        Known.FirstOrDefault(s => s.Uid == uid) ?? new TransferSyntax(uid, "unknown transfer syntax", false, IsParsable: false);

    /// <summary>Supported syntaxes, for error messages and documentation.</summary>
    public static IEnumerable<TransferSyntax> Supported => Known.Where(s => s.IsSupported);

    public override string ToString() => $"{Name} ({Uid})";
}
