namespace MeLo.Model.Lora;

/// <summary>
/// Rank, alpha and targets of a LoRA plug-in. MeLo's defaults: r=4, alpha=4 on q and v.
/// Scale convention: <b>alpha / r</b> (real division, as PEFT). The MeLo reference code uses <c>alpha // r</c>;
/// the two agree for its defaults, and importing its files keeps its integer scale (see <see cref="Adapters.MeLoReferenceImporter"/>).
/// </summary>
public sealed record LoraSettings
{
    public int Rank { get; init; } = 4;
    public double Alpha { get; init; } = 4;
    public IReadOnlyList<LoraTarget> Targets { get; init; } = [LoraTarget.Query, LoraTarget.Value];

    public double Scale => Alpha / Rank;

    public static LoraSettings MeLoDefault { get; } = new();

    public void Validate()
    {
        if (Rank <= 0)
            throw new ArgumentException($"LoRA rank must be positive, not {Rank}.");
        if (Targets.Count == 0)
            throw new ArgumentException("LoRA needs at least one target.");
        if (Targets.Distinct().Count() != Targets.Count)
            throw new ArgumentException("LoRA targets are repeated.");
    }
}
