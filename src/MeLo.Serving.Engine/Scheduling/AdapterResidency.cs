using MeLo.Model.Adapters;

namespace MeLo.Serving.Engine.Scheduling;

/// <summary>
/// Which adapters are on the device, within a count and a byte budget, and which of them are pinned. A pinned adapter is
/// owned by an active grain and is never evicted; the others (versions asked for explicitly, or released by their grain
/// while requests still needed them) are evicted least recently used, preferring ones no queued request waits for.
/// Device thread only.
/// </summary>
internal sealed class AdapterResidency(BatchExecutor executor, int capacity, long capacityBytes, EngineCounters counters)
{
    readonly Dictionary<AdapterKey, ResidentAdapter> _resident = [];
    readonly Dictionary<AdapterKey, int> _pins = [];
    long _bytes;
    long _clock;

    public int PinnedCount => _pins.Count;

    public long PinnedBytes => _pins.Keys.Sum(key => _resident.TryGetValue(key, out var adapter) ? adapter.Bytes : 0);

    public IEnumerable<AdapterKey> Pinned => _pins.Keys;

    public bool TryGet(AdapterKey key, out ResidentAdapter adapter) => _resident.TryGetValue(key, out adapter!);

    public bool IsPinned(AdapterKey key) => _pins.ContainsKey(key);

    public void Touch(ResidentAdapter adapter) => adapter.LastUsed = ++_clock;

    public void Pin(AdapterKey key)
    {
        _pins[key] = _pins.GetValueOrDefault(key) + 1;
        Publish();
    }

    /// <summary>Ends one pin; true when it was the last.</summary>
    public bool Unpin(AdapterKey key)
    {
        if (!_pins.TryGetValue(key, out var count))
            return false;
        if (count > 1)
            _pins[key] = count - 1;
        else
            _pins.Remove(key);
        Publish();
        return count == 1;
    }

    /// <summary>
    /// Places a loaded adapter, evicting unpinned ones that <paramref name="needed"/> does not contain first; takes
    /// ownership of <paramref name="loaded"/>. Throws <see cref="AdapterCapacityExceededException"/> when nothing can go.
    /// </summary>
    public ResidentAdapter Place(AdapterKey key, LoadedAdapter loaded, long bytes, IReadOnlySet<AdapterKey> needed, IReadOnlySet<AdapterKey> awaited)
    {
        try
        {
            try
            {
                MakeRoom(key, bytes, needed, awaited);
            }
            catch
            {
                loaded.Dispose();
                throw;
            }
            var adapter = new ResidentAdapter(key, loaded.Manifest, bytes);
            executor.Place(adapter, loaded.Adapter);
            _resident[key] = adapter;
            _bytes += bytes;
            Touch(adapter);
            counters.ColdLoaded();
            return adapter;
        }
        finally
        {
            Publish();
        }
    }

    /// <summary>Drops the unpinned resident versions of a task (they may be stale after a repository change).</summary>
    public void DropUnpinned(string taskId)
    {
        foreach (var adapter in _resident.Values.Where(a => a.Key.TaskId == taskId && !IsPinned(a.Key)).ToList())
            Remove(adapter);
        Publish();
    }

    public void Drop(AdapterKey key)
    {
        if (_resident.TryGetValue(key, out var adapter))
            Remove(adapter);
        Publish();
    }

    public void Clear()
    {
        foreach (var adapter in _resident.Values.ToList())
            Remove(adapter);
        _pins.Clear();
        Publish();
    }

    void MakeRoom(AdapterKey key, long bytes, IReadOnlySet<AdapterKey> needed, IReadOnlySet<AdapterKey> awaited)
    {
        while (_resident.Count + 1 > capacity || _bytes + bytes > capacityBytes)
        {
            var victim = _resident.Values.Where(a => !needed.Contains(a.Key) && !IsPinned(a.Key))
                .OrderBy(a => awaited.Contains(a.Key) ? 1 : 0).ThenBy(a => a.LastUsed)
                .FirstOrDefault()
                ?? throw new AdapterCapacityExceededException(key, capacity, capacityBytes);
            Remove(victim);
            counters.Evicted();
        }
    }

    void Remove(ResidentAdapter adapter)
    {
        _resident.Remove(adapter.Key);
        _bytes -= adapter.Bytes;
        executor.Remove(adapter);
    }

    void Publish() => counters.SetResident(_resident.Keys, _bytes, _pins.Count);
}
