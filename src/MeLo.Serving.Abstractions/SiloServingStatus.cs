namespace MeLo.Serving.Abstractions;

/// <summary>What one serving silo reports about its engine for the operators' status view (no item data).</summary>
[GenerateSerializer, Immutable, Alias("melo.SiloServingStatus")]
public sealed record SiloServingStatus
{
    /// <summary>The silo's address, host:port.</summary>
    [Id(0)] public required string Silo { get; init; }
    [Id(1)] public required string Backbone { get; init; }
    [Id(2)] public required string Device { get; init; }
    [Id(3)] public int QueueDepth { get; init; }
    /// <summary>Adapter versions resident on the device, ordered by task, then version.</summary>
    [Id(4)] public required ResidentAdapter[] ResidentAdapters { get; init; }
    [Id(5)] public int PinnedAdapters { get; init; }
    [Id(6)] public int AdapterCapacity { get; init; }
    [Id(7)] public long ResidentBytes { get; init; }
    [Id(8)] public int AdapterGrains { get; init; }
    [Id(9)] public long Items { get; init; }
    [Id(10)] public long Batches { get; init; }
    [Id(11)] public long AdapterSwitches { get; init; }
    [Id(12)] public long ColdLoads { get; init; }
    [Id(13)] public long Evictions { get; init; }
}
