namespace MeLo.Dicom;

/// <summary>
/// The single exception type for DICOM files that cannot be read or rendered. Messages name the structural problem
/// (tag, VR, length, transfer syntax) and never a header value, so they are safe to log and to return to callers.
/// </summary>
public sealed class DicomException(DicomErrorKind kind, string message, Exception? innerException = null) : Exception(message, innerException)
{
    public DicomErrorKind Kind { get; } = kind;
}
