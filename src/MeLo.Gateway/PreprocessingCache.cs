using System.Collections.Concurrent;
using MeLo.Serving.Abstractions;
using Microsoft.Extensions.Options;

namespace MeLo.Gateway;

/// <summary>
/// Each task version's preprocessing, fetched once from its adapter grain. Entries of a task are dropped when the registry
/// reports a change to it (e.g. a new active version with another image size); failures are never cached.
/// </summary>
public sealed class PreprocessingCache(IGrainFactory grains, IOptions<GatewayOptions> options) : IAdapterChangeListener
{
    readonly ConcurrentDictionary<(string TaskId, string? Version), Lazy<Task<PreprocessingSettings>>> _entries = new();

    public async Task<PreprocessingSettings> GetAsync(string taskId, string? version, CancellationToken cancellationToken)
    {
        var key = (taskId, version);
        var entry = _entries.GetOrAdd(key, _ => new Lazy<Task<PreprocessingSettings>>(
            () => grains.GetGrain<IAdapterGrain>(AdapterGrainKey.For(taskId, 0, options.Value.ReplicasOf(taskId))).GetPreprocessingAsync(version)));
        try
        {
            return await entry.Value.WaitAsync(cancellationToken);
        }
        catch when (entry.Value.IsFaulted || entry.Value.IsCanceled)
        {
            _entries.TryRemove(KeyValuePair.Create(key, entry));
            throw;
        }
    }

    public void OnAdapterChanged(string taskId)
    {
        foreach (var key in _entries.Keys.Where(k => k.TaskId == taskId))
            _entries.TryRemove(key, out _);
    }
}
