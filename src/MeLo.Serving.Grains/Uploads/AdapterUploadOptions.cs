namespace MeLo.Serving.Grains.Uploads;

/// <summary>
/// What an uploaded adapter may be and how much a task may keep, checked by the registry on the silos before anything is
/// stored; bind from configuration section <see cref="SectionName"/>. The backbone checks (fingerprint, shape, rank)
/// need no settings: they compare with what the serving silos report.
/// </summary>
public sealed class AdapterUploadOptions
{
    public const string SectionName = "MeLo:Uploads";

    /// <summary>LoRA targets an adapter may adapt, comma-separated (q, k, v, o, fc1, fc2); MeLo adapts q and v. A string,
    /// not a list: configuration binding appends to a list's defaults instead of replacing them.</summary>
    public string AllowedTargets { get; set; } = "q,v";

    /// <summary>Most labels (classes) of one adapter.</summary>
    public int MaxLabels { get; set; } = 1000;

    /// <summary>Largest preprocessing image size (pixels per side; 448 is a multiple of both 14 and 16). It also bounds a
    /// prepared image on its way to a silo: 3 · size² floats, 2.4 MB at 448, so that a grain call of
    /// MeLo:Gateway:MaxItemsPerGrainCall (32) images, 77 MB, fits Orleans' message body limit (100 MB).</summary>
    public int MaxImageSize { get; set; } = 448;

    /// <summary>Most versions one task keeps; an upload beyond it is refused until a version is deleted.</summary>
    public int MaxVersionsPerTask { get; set; } = 32;

    /// <summary>Most bytes of adapter files one task keeps, over all its versions.</summary>
    public long MaxBytesPerTask { get; set; } = 1L << 30;
}
