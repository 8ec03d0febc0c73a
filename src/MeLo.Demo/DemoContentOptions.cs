namespace MeLo.Hosting;

/// <summary>
/// How much <see cref="DemoContent"/> trains. The defaults keep a first `melo serve` start to about a minute on two cores
/// while every demo task still learns; tests shrink them.
/// </summary>
public sealed class DemoContentOptions
{
    /// <summary>Synthetic training images per class of the single-label demo tasks.</summary>
    public int TrainImagesPerClass { get; set; } = 120;

    /// <summary>Synthetic training images of the multi-label nih-like task.</summary>
    public int TrainMultiLabelImages { get; set; } = 320;

    public int Epochs { get; set; } = 8;
}
