namespace MeLo.Dicom;

/// <summary>How Pixel Data is stored under a transfer syntax.</summary>
public enum PixelEncoding
{
    /// <summary>Uncompressed samples in the element's value.</summary>
    Native,

    /// <summary>Encapsulated RLE Lossless fragments (PS3.5 Annex G).</summary>
    Rle,

    /// <summary>Encapsulated 8-bit JPEG Baseline fragments.</summary>
    JpegBaseline,
}
