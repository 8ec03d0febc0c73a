using Orleans.Placement;

namespace MeLo.Serving.Grains.Placement;

/// <summary>Marks a grain class for <see cref="AdapterPlacementDirector"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class AdapterPlacementAttribute() : PlacementAttribute(AdapterPlacementStrategy.Singleton);
