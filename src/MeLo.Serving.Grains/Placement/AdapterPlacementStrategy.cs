namespace MeLo.Serving.Grains.Placement;

/// <summary>Places adapter grains on silos that have a backbone: where the adapter is resident, else the least loaded.</summary>
[GenerateSerializer, Alias("melo.AdapterPlacementStrategy")]
public sealed class AdapterPlacementStrategy : PlacementStrategy
{
    public static AdapterPlacementStrategy Singleton { get; } = new();
}
