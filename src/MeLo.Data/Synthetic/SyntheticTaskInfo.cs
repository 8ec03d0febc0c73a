using System.Diagnostics.CodeAnalysis;

namespace MeLo.Data;

/// <summary>A synthetic task as written: where it is and how to load it.</summary>
/// <param name="Name">Folder name, e.g. "shenzhen-like".</param>
/// <param name="ManifestOptions">Loads the manifest with <see cref="CsvManifestDataset.Load"/>.</param>
public sealed record SyntheticTaskInfo(
    string Name,
    string Description,
    string Directory,
    string ManifestPath,
    CsvManifestOptions ManifestOptions,
    IReadOnlyList<string> LabelNames,
    bool IsMultiLabel,
    bool IsGrayscale,
    int ImageCount,
    int ImageSize)
{
    /// <summary>Always true: these images are generated patterns, not medical data.</summary>
    [SuppressMessage("Performance", "CA1822", Justification = "Part of the record's shape, read beside its other properties.")]
    public bool IsSynthetic => true;
}
