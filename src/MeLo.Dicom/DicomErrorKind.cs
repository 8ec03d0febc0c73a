namespace MeLo.Dicom;

/// <summary>Why a DICOM file could not be read; lets callers map errors without parsing messages.</summary>
public enum DicomErrorKind
{
    /// <summary>The structure is invalid (bad VR, unexpected delimiter, undefined length where none is allowed, nesting too deep).</summary>
    Malformed,

    /// <summary>A length points past the end of the data, or Pixel Data is shorter than the pixel module promises.</summary>
    Truncated,

    /// <summary>A valid file this reader does not decode (transfer syntax, photometric interpretation, bit depth).</summary>
    Unsupported,

    /// <summary>The image has more pixels, or the data set inflates to more bytes, than the limits allow.</summary>
    TooLarge,
}
