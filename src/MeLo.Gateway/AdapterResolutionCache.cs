using System.Collections.Concurrent;
using MeLo.Serving.Abstractions;
using Microsoft.Extensions.Options;

namespace MeLo.Gateway;

/// <summary>
/// Which adapter version an item runs on and how its image is preprocessed, fetched once per (task, requested version)
/// from the task's adapter grain. The gateway sends the resolved version with every item, so preprocessing and forward
/// always use the same version, even across a SetActiveVersion. Entries of a task are dropped when the registry reports a
/// change to it; failures are never cached.
/// </summary>
public sealed class AdapterResolutionCache(IGrainFactory grains, IOptions<GatewayOptions> options) : IAdapterChangeListener
{
    readonly ConcurrentDictionary<(string TaskId, string? Version), Lazy<Task<AdapterResolution>>> _entries = new();

    public async Task<AdapterResolution> GetAsync(string taskId, string? version, CancellationToken cancellationToken)
    {
        var key = (taskId, version);
        var entry = _entries.GetOrAdd(key, _ => new Lazy<Task<AdapterResolution>>(
            () => grains.GetGrain<IAdapterGrain>(AdapterGrainKey.For(taskId, 0, options.Value.ReplicasOf(taskId))).ResolveAsync(version)));
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
