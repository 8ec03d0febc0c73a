namespace MeLo.Serving.Grains;

/// <summary>How adapter grains hold residency; bind from configuration section <see cref="SectionName"/>.</summary>
public sealed class AdapterGrainOptions
{
    public const string SectionName = "MeLo:Grains";

    /// <summary>An adapter grain that served nothing for this long is deactivated by Orleans, which releases its adapter.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often a serving silo compares its activation count with the others' and hands some to a lighter silo.</summary>
    public TimeSpan RebalanceInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A silo moves activations when it holds at least this many more than the lightest serving silo.</summary>
    public int RebalanceThreshold { get; set; } = 2;

    /// <summary>Most activations one silo hands over per round (each move costs a cold load on the receiving silo).</summary>
    public int MaxMovesPerRound { get; set; } = 4;

    /// <summary>Grains released, least recently used first, before an activation gives up pinning on a full device.</summary>
    public int MaxReleasesPerActivation { get; set; } = 4;
}
