using System.Collections.Concurrent;

namespace MeLo.Serving.Grains.Placement;

/// <summary>The adapter grains active on this silo, by task: part of the load placement balances, and where replicas are.</summary>
public sealed class LocalAdapterActivations
{
    readonly ConcurrentDictionary<string, int> _byTask = new();

    public int Count => _byTask.Values.Sum();

    public string[] Tasks => [.. _byTask.Where(t => t.Value > 0).Select(t => t.Key)];

    public void Activated(string taskId) => _byTask.AddOrUpdate(taskId, 1, (_, n) => n + 1);

    public void Deactivated(string taskId) => _byTask.AddOrUpdate(taskId, 0, (_, n) => n - 1);
}
