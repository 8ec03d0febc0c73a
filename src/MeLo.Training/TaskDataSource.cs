using MeLo.Data;

namespace MeLo.Training;

/// <summary>
/// Where a task's images come from and how they are split: an image folder (one subfolder per class) or a CSV manifest;
/// split by the manifest's split column when it names one, otherwise randomly by <see cref="Split"/> with
/// <see cref="SplitSeed"/>, keeping each group (patient) in one part.
/// </summary>
public sealed record TaskDataSource
{
    /// <summary>root/&lt;class&gt;/&lt;images&gt;; set this or <see cref="CsvPath"/>.</summary>
    public string? ImageFolder { get; init; }

    public string? CsvPath { get; init; }

    /// <summary>Columns and label handling of <see cref="CsvPath"/>; its bad-file policy is replaced by the one given to <see cref="Load"/>.</summary>
    public CsvManifestOptions? Csv { get; init; }

    public SplitRatios Split { get; init; } = new(70, 15, 15);

    public int SplitSeed { get; init; }

    /// <summary>Keep images of one group (the manifest's group column) in one part.</summary>
    public bool GroupAware { get; init; } = true;

    public ImageCheck ImageCheck { get; init; } = ImageCheck.Header;

    /// <summary>Every image, unsplit; bad files are skipped or fail as <paramref name="policy"/> says.</summary>
    /// <exception cref="DatasetException">The folder or manifest is malformed, or an image is bad under <see cref="BadFilePolicy.Fail"/>.</exception>
    public LabeledDataset LoadAll(BadFilePolicy policy)
    {
        if ((ImageFolder is null) == (CsvPath is null))
            throw new ArgumentException("Give either an image folder or a CSV manifest.");
        if (ImageFolder is not null)
            return ImageFolderDataset.Load(ImageFolder, new ImageFolderOptions { BadFilePolicy = policy, ImageCheck = ImageCheck });
        var csv = Csv ?? throw new ArgumentException("A CSV manifest needs its column options.");
        return CsvManifestDataset.Load(CsvPath!, csv with { BadFilePolicy = policy, ImageCheck = ImageCheck });
    }

    /// <summary>The train, validation and test parts.</summary>
    /// <exception cref="DatasetException">As <see cref="LoadAll"/>, or split values are missing.</exception>
    public DatasetSplits Load(BadFilePolicy policy)
    {
        var all = LoadAll(policy);
        return Csv?.SplitColumn is not null && CsvPath is not null
            ? DatasetSplitter.ByColumn(all)
            : DatasetSplitter.ByRatios(all, Split, SplitSeed, GroupAware);
    }
}
