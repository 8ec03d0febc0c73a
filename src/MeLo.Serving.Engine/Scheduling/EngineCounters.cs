using System.Collections.Frozen;

namespace MeLo.Serving.Engine.Scheduling;

/// <summary>Counters written by the device thread and read by anyone.</summary>
internal sealed class EngineCounters
{
    long _items, _batches, _switches, _switchTicks, _coldLoads, _evictions, _residentBytes;
    int _queued, _pinned, _failedPasses;
    volatile bool _deviceThreadAlive;
    volatile FrozenSet<AdapterKey> _resident = FrozenSet<AdapterKey>.Empty;

    public int Queued => Volatile.Read(ref _queued);
    public long Switches => Interlocked.Read(ref _switches);
    public IReadOnlyCollection<AdapterKey> Resident => _resident;

    /// <summary>Whether an adapter was resident at the last change (any thread; a hint, the device thread decides).</summary>
    public bool IsResident(AdapterKey key) => _resident.Contains(key);

    /// <summary>Admits one item unless <paramref name="capacity"/> items are already queued.</summary>
    public bool TryEnqueue(int capacity)
    {
        if (Interlocked.Increment(ref _queued) <= capacity)
            return true;
        Interlocked.Decrement(ref _queued);
        return false;
    }

    public void Dequeued(int count = 1) => Interlocked.Add(ref _queued, -count);
    public void Pass(int items)
    {
        Interlocked.Add(ref _items, items);
        Interlocked.Increment(ref _batches);
        Volatile.Write(ref _failedPasses, 0);
    }

    public void PassFailed() => Interlocked.Increment(ref _failedPasses);

    public void DeviceThread(bool alive) => _deviceThreadAlive = alive;

    public void Switched() => Interlocked.Increment(ref _switches);
    public void SwitchWork(long stopwatchTicks) => Interlocked.Add(ref _switchTicks, stopwatchTicks);
    public void ColdLoaded() => Interlocked.Increment(ref _coldLoads);
    public void Evicted() => Interlocked.Increment(ref _evictions);

    public void SetResident(IEnumerable<AdapterKey> keys, long bytes, int pinned)
    {
        _resident = keys.ToFrozenSet();
        Volatile.Write(ref _residentBytes, bytes);
        Volatile.Write(ref _pinned, pinned);
    }

    public EngineStatistics Snapshot()
    {
        var resident = _resident;
        return new EngineStatistics(Interlocked.Read(ref _items), Interlocked.Read(ref _batches), Interlocked.Read(ref _switches),
            Interlocked.Read(ref _coldLoads), Interlocked.Read(ref _evictions), Queued, resident.Count, Volatile.Read(ref _residentBytes))
        {
            PinnedAdapters = Volatile.Read(ref _pinned),
            ConsecutiveFailedPasses = Volatile.Read(ref _failedPasses),
            DeviceThreadAlive = _deviceThreadAlive,
            SwitchTime = TimeSpan.FromSeconds(Interlocked.Read(ref _switchTicks) / (double)System.Diagnostics.Stopwatch.Frequency),
        };
    }
}
