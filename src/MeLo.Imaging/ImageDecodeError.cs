namespace MeLo.Imaging;

/// <summary>Why an image could not be decoded; lets callers react without parsing messages.</summary>
public enum ImageDecodeError
{
    /// <summary>No bytes at all.</summary>
    Empty,

    /// <summary>The bytes do not start with the signature of any known image format.</summary>
    UnknownFormat,

    /// <summary>A recognised format that is not supported (GIF, TIFF, or a DICOM transfer syntax or pixel format this reader does not decode).</summary>
    UnsupportedFormat,

    /// <summary>The data ends before the image is complete.</summary>
    Truncated,

    /// <summary>The data is malformed.</summary>
    Corrupt,

    /// <summary>More pixels than the decoder's limit; refuses decompression bombs before allocating.</summary>
    TooLarge,

    /// <summary>The file could not be read (missing, no permission, I/O error).</summary>
    Unreadable,
}
