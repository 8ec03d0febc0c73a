namespace MeLo.Serving.Engine.Scheduling;

/// <summary>Counters written by the device thread and read by anyone.</summary>
internal sealed class EngineCounters
{
    long _items, _batches, _switches, _switchTicks, _coldLoads, _evictions, _residentBytes;
    int _queued;
    volatile string[] _resident = [];

    public int Queued => Volatile.Read(ref _queued);
    public IReadOnlyCollection<string> Resident => _resident;

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
    }

    public void Switched() => Interlocked.Increment(ref _switches);
    public void SwitchWork(long stopwatchTicks) => Interlocked.Add(ref _switchTicks, stopwatchTicks);
    public void ColdLoaded() => Interlocked.Increment(ref _coldLoads);
    public void Evicted() => Interlocked.Increment(ref _evictions);

    public void SetResident(IEnumerable<AdapterKey> keys, long bytes)
    {
        _resident = keys.Select(k => k.ToString()).Order(StringComparer.Ordinal).ToArray();
        Volatile.Write(ref _residentBytes, bytes);
    }

    public EngineStatistics Snapshot()
    {
        var resident = _resident;
        return new EngineStatistics(Interlocked.Read(ref _items), Interlocked.Read(ref _batches), Interlocked.Read(ref _switches),
            Interlocked.Read(ref _coldLoads), Interlocked.Read(ref _evictions), Queued, resident.Length, Volatile.Read(ref _residentBytes),
            TimeSpan.FromSeconds(Interlocked.Read(ref _switchTicks) / (double)System.Diagnostics.Stopwatch.Frequency));
    }
}
