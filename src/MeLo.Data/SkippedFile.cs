namespace MeLo.Data;

/// <summary>An image left out of a dataset, and why.</summary>
/// <param name="Reason">What was wrong, e.g. "file not found" or "PNG image data ends early", plus where it was listed.</param>
public sealed record SkippedFile(string Path, string Reason);
