namespace MeLo.Data;

/// <summary>What <see cref="SyntheticTaskWriter"/> writes.</summary>
public sealed record SyntheticTaskOptions
{
    /// <summary>Square image side in pixels.</summary>
    public int ImageSize { get; init; } = 64;

    /// <summary>Images per class of the single-label tasks.</summary>
    public int ImagesPerClass { get; init; } = 200;

    /// <summary>Images of the multi-label nih-like task.</summary>
    public int MultiLabelImageCount { get; init; } = 2000;

    public int Seed { get; init; }

    public SyntheticTask Tasks { get; init; } = SyntheticTask.All;

    /// <summary>Replace a task folder that already exists; otherwise writing into one is refused.</summary>
    public bool Overwrite { get; init; }
}
