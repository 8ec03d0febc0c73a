using System.Collections.Concurrent;
using MeLo.Serving.Abstractions;
using Microsoft.Extensions.Options;

namespace MeLo.Gateway;

/// <summary>
/// Picks the adapter grain for a task's next batch: among the task's N replicas, the one with the fewest items
/// outstanding from this gateway (ties go to the lowest index, so a single replica costs nothing).
/// </summary>
public sealed class ReplicaRouter(IGrainFactory grains, IOptions<GatewayOptions> options)
{
    readonly ConcurrentDictionary<string, int> _outstanding = new();

    /// <summary>The grain to call and a lease to dispose of when the call is over.</summary>
    public (IAdapterGrain Grain, IDisposable Lease) Route(string taskId, int items)
    {
        int replicas = options.Value.ReplicasOf(taskId);
        string key = AdapterGrainKey.For(taskId, 0, replicas);
        int fewest = int.MaxValue;
        for (int replica = 0; replica < replicas && fewest > 0; replica++)
        {
            var candidate = AdapterGrainKey.For(taskId, replica, replicas);
            int outstanding = _outstanding.GetValueOrDefault(candidate);
            if (outstanding < fewest)
                (key, fewest) = (candidate, outstanding);
        }
        _outstanding.AddOrUpdate(key, items, (_, n) => n + items);
        return (grains.GetGrain<IAdapterGrain>(key), new Lease(this, key, items));
    }

    sealed class Lease(ReplicaRouter router, string key, int items) : IDisposable
    {
        int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                router._outstanding.AddOrUpdate(key, 0, (_, n) => n - items);
        }
    }
}
