using System.Collections.Concurrent;
using System.Diagnostics;
using MeLo.Serving.Abstractions;

namespace MeLo.Serving.Grains.Placement;

/// <summary>
/// The adapter grains active on this silo, by grain key, with when each last served: part of the load placement balances,
/// where replicas are, which grain makes room when the device is full (the least recently used), and which grains a
/// registry change or a rebalancing round concerns.
/// </summary>
public sealed class LocalAdapterActivations
{
    readonly ConcurrentDictionary<string, long> _lastUsed = new(StringComparer.Ordinal);

    public int Count => _lastUsed.Count;

    public string[] Tasks => [.. _lastUsed.Keys.Select(AdapterGrainKey.TaskOf).Distinct()];

    public void Activated(string grainKey) => _lastUsed[grainKey] = Stopwatch.GetTimestamp();

    public void Deactivated(string grainKey) => _lastUsed.TryRemove(grainKey, out _);

    public void Used(string grainKey)
    {
        if (_lastUsed.ContainsKey(grainKey))
            _lastUsed[grainKey] = Stopwatch.GetTimestamp();
    }

    /// <summary>Grain keys of this silo's activations of a task (the task itself, or its replicas).</summary>
    public string[] KeysOf(string taskId) => [.. _lastUsed.Keys.Where(key => AdapterGrainKey.TaskOf(key) == taskId)];

    /// <summary>The activation that served longest ago, other than <paramref name="except"/>; null if there is none.</summary>
    public string? LeastRecentlyUsed(string except) =>
        _lastUsed.Where(p => p.Key != except).OrderBy(p => p.Value).Select(p => p.Key).FirstOrDefault();

    /// <summary>Grain keys, most recently used first.</summary>
    public string[] ByRecentUse() => [.. _lastUsed.OrderByDescending(p => p.Value).Select(p => p.Key)];
}
