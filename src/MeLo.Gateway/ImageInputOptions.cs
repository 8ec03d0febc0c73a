using MeLo.Imaging;

namespace MeLo.Gateway;

/// <summary>
/// Limits on images clients send, checked from the header before decoding, and the gateway-wide bounds on concurrent
/// decodes; bind from configuration section <see cref="SectionName"/>.
/// </summary>
public sealed class ImageInputOptions
{
    public const string SectionName = "MeLo:Images";

    static readonly ImageInputLimits Defaults = new();

    /// <summary>Largest encoded image.</summary>
    public long MaxImageBytes { get; set; } = Defaults.MaxBytes;

    /// <summary>Most pixels along either side.</summary>
    public int MaxPixelsPerSide { get; set; } = Defaults.MaxPixelsPerSide;

    /// <summary>Most pixels in all.</summary>
    public long MaxPixels { get; set; } = Defaults.MaxPixels;

    /// <summary>Largest ratio of the longer side to the shorter.</summary>
    public double MaxAspectRatio { get; set; } = Defaults.MaxAspectRatio;

    /// <summary>Memory that decodes in progress may use together (estimated from each header before decoding); an image
    /// that alone needs more is refused, others wait their turn, so a burst of bombs cannot add up.</summary>
    public int DecodeMemoryBudgetMegabytes { get; set; } = 640;

    /// <summary>Images decoded at once across all calls (CPU bound work).</summary>
    public int MaxConcurrentDecodes { get; set; } = Environment.ProcessorCount;

    public ImageInputLimits ToLimits() => new()
    {
        MaxBytes = MaxImageBytes, MaxPixelsPerSide = MaxPixelsPerSide, MaxPixels = MaxPixels, MaxAspectRatio = MaxAspectRatio,
    };
}
