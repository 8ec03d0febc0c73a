using MeLo.Imaging;

namespace MeLo.Data;

/// <summary>Which columns of a CSV manifest hold what, and how to read them.</summary>
public sealed record CsvManifestOptions
{
    /// <summary>Image path column; relative paths are resolved against <see cref="ImageRoot"/>.</summary>
    public required string PathColumn { get; init; }

    public required string LabelColumn { get; init; }

    /// <summary>Set for multi-label manifests: the string that joins labels in one field (e.g. "|").</summary>
    public string? MultiLabelSeparator { get; init; }

    /// <summary>Multi-label only: a label meaning "no positive label" (e.g. NIH's "No Finding"); it is not a class.</summary>
    public string? NegativeLabel { get; init; }

    /// <summary>Applied to each raw label (after splitting multi-labels) before anything else.</summary>
    public LabelMapping? LabelMapping { get; init; }

    /// <summary>Fixes the label order (the model head's output order); labels outside it are an error. Default: sorted labels found.</summary>
    public IReadOnlyList<string>? LabelNames { get; init; }

    /// <summary>Patient or other group id column, used by group-aware splits.</summary>
    public string? GroupColumn { get; init; }

    /// <summary>Column with train / val / test (also training, valid, validation, testing; any case).</summary>
    public string? SplitColumn { get; init; }

    /// <summary>Folder relative image paths start from. Default: the CSV file's folder.</summary>
    public string? ImageRoot { get; init; }

    /// <summary>When a path is not found under the image root, look the file name up anywhere below it.</summary>
    public bool FindImagesByFileName { get; init; }

    public char Delimiter { get; init; } = ',';

    public BadFilePolicy BadFilePolicy { get; init; } = BadFilePolicy.Fail;

    public ImageCheck ImageCheck { get; init; } = ImageCheck.Header;

    /// <summary>Used for header and decode checks; its pixel limit applies.</summary>
    public ImageDecoder Decoder { get; init; } = ImageDecoder.Default;

    public bool IsMultiLabel => MultiLabelSeparator is not null;
}
