namespace MeLo.Serving.Engine;

/// <summary>Counters of an engine since start. A switch is a change of the adapter applied to the backbone between forward passes.</summary>
public sealed record EngineStatistics(
    long Items,
    long Batches,
    long AdapterSwitches,
    long ColdLoads,
    long Evictions,
    int QueueLength,
    int ResidentAdapters,
    long ResidentBytes)
{
    /// <summary>Resident adapters owned by active grains (never evicted while pinned).</summary>
    public int PinnedAdapters { get; init; }

    /// <summary>Forward passes that failed since the last one that succeeded (a device fault keeps this growing).</summary>
    public int ConsecutiveFailedPasses { get; init; }

    /// <summary>Whether the device thread is running (false before start, after stop, or if it died).</summary>
    public bool DeviceThreadAlive { get; init; }
}
