using MeLo.Model.Adapters;

namespace MeLo.Serving.Engine.Scheduling;

/// <summary>
/// Which adapters are on the device, within a count and a byte budget. Eviction is least-recently-used among adapters
/// that the batch being placed does not need, preferring ones that no queued request waits for. Device thread only.
/// </summary>
internal sealed class AdapterResidency(BatchExecutor executor, int capacity, long capacityBytes, EngineCounters counters)
{
    readonly Dictionary<AdapterKey, ResidentAdapter> _resident = [];
    long _bytes;
    long _clock;

    public bool TryGet(AdapterKey key, out ResidentAdapter adapter) => _resident.TryGetValue(key, out adapter!);

    public void Touch(ResidentAdapter adapter) => adapter.LastUsed = ++_clock;

    /// <summary>Places a loaded adapter, evicting others first; takes ownership of <paramref name="loaded"/>.</summary>
    public ResidentAdapter Place(AdapterKey key, LoadedAdapter loaded, long bytes, IReadOnlySet<AdapterKey> pinned, IReadOnlySet<AdapterKey> awaited)
    {
        try
        {
            try
            {
                MakeRoom(key, bytes, pinned, awaited);
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

    /// <summary>Drops every resident version of a task (they may be stale after a repository change).</summary>
    public void DropTask(string taskId)
    {
        foreach (var adapter in _resident.Values.Where(a => a.Key.TaskId == taskId).ToList())
            Remove(adapter);
        Publish();
    }

    public void Clear()
    {
        foreach (var adapter in _resident.Values.ToList())
            Remove(adapter);
        Publish();
    }

    void MakeRoom(AdapterKey key, long bytes, IReadOnlySet<AdapterKey> pinned, IReadOnlySet<AdapterKey> awaited)
    {
        while (_resident.Count + 1 > capacity || _bytes + bytes > capacityBytes)
        {
            var victim = _resident.Values.Where(a => !pinned.Contains(a.Key))
                .OrderBy(a => awaited.Contains(a.Key) ? 1 : 0).ThenBy(a => a.LastUsed)
                .FirstOrDefault()
                ?? throw new InvalidOperationException($"No room for adapter {key}: every resident adapter is needed by the same batch.");
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

    void Publish() => counters.SetResident(_resident.Keys, _bytes);
}
