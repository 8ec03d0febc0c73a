namespace MeLo.Serving.Engine;

/// <summary>Counters of an engine since start. A switch is a change of the adapter applied to the backbone between forward passes;
/// <see cref="SwitchTime"/> is the device time spent changing weights for switches (merging and unmerging under Grouped/Merge;
/// nothing under Grouped/Select and Mixed, which change no weights).</summary>
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

    /// <summary>Time spent switching adapters (merging and unmerging under Grouped/Merge).</summary>
    public TimeSpan SwitchTime { get; init; }
}
