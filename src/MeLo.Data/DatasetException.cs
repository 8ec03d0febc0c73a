namespace MeLo.Data;

/// <summary>A dataset cannot be loaded: a malformed manifest or folder, or bad image files under <see cref="BadFilePolicy.Fail"/>.</summary>
public sealed class DatasetException : Exception
{
    public DatasetException(string message, IReadOnlyList<SkippedFile>? badFiles = null, Exception? innerException = null)
        : base(message, innerException)
    {
        BadFiles = badFiles ?? [];
    }

    /// <summary>Every bad file found before failing; empty when the problem is not a file.</summary>
    public IReadOnlyList<SkippedFile> BadFiles { get; }
}
