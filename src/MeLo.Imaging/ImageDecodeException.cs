namespace MeLo.Imaging;

/// <summary>
/// The single exception type for images that cannot be decoded. Messages name the problem and, for files,
/// the path; they never contain pixel data.
/// </summary>
public sealed class ImageDecodeException : Exception
{
    public ImageDecodeException(ImageDecodeError reason, string detail, string? path = null, Exception? innerException = null)
        : base(FormatMessage(reason, detail, path), innerException)
    {
        Reason = reason;
        Detail = detail;
        Path = path;
    }

    public ImageDecodeError Reason { get; }

    /// <summary>What is wrong, without the path (e.g. "image data ends early").</summary>
    public string Detail { get; }

    /// <summary>The file that failed, when decoding from a file.</summary>
    public string? Path { get; }

    private static string FormatMessage(ImageDecodeError reason, string detail, string? path) =>
        path is null
            ? $"Cannot decode image ({reason}): {detail}"
            : $"Cannot decode image '{path}' ({reason}): {detail}";
}
