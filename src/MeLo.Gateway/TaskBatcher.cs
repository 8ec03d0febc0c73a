using MeLo.Serving.Abstractions;

namespace MeLo.Gateway;

/// <summary>
/// Task-affinity routing for one call: items of the same task that arrive within <c>window</c> of the first one (or until
/// <c>maxItems</c> have gathered) go to that task's adapter grain in one grain call, so a silo sees a stream's items of one
/// task together instead of one call per item. Every submitted item gets exactly one outcome or exception.
/// </summary>
public sealed class TaskBatcher(ReplicaRouter router, TimeSpan window, int maxItems, CancellationToken cancellationToken)
{
    readonly Lock _lock = new();
    readonly Dictionary<string, List<Pending>> _open = new(StringComparer.Ordinal);

    public Task<DiagnosisOutcome> SubmitAsync(string taskId, PreparedImage image)
    {
        var pending = new Pending(image, new TaskCompletionSource<DiagnosisOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        List<Pending>? ready = null;
        List<Pending> group;
        bool first;
        lock (_lock)
        {
            if (!_open.TryGetValue(taskId, out group!))
                _open[taskId] = group = [];
            group.Add(pending);
            first = group.Count == 1;
            if (group.Count >= maxItems || window <= TimeSpan.Zero)
            {
                ready = group;
                _open.Remove(taskId);
            }
        }
        if (ready is not null)
            _ = SendAsync(taskId, ready);
        else if (first)
            _ = FlushLaterAsync(taskId, group);
        return pending.Outcome.Task;
    }

    /// <summary>Sends every open group now (a unary call has all its items at once and need not wait).</summary>
    public void FlushAll()
    {
        KeyValuePair<string, List<Pending>>[] groups;
        lock (_lock)
        {
            groups = [.. _open];
            _open.Clear();
        }
        foreach (var (taskId, group) in groups)
            _ = SendAsync(taskId, group);
    }

    async Task FlushLaterAsync(string taskId, List<Pending> group)
    {
        await Task.Delay(window, CancellationToken.None);
        lock (_lock)
        {
            if (!_open.TryGetValue(taskId, out var open) || open != group)
                return; // already sent because it filled up
            _open.Remove(taskId);
        }
        await SendAsync(taskId, group);
    }

    async Task SendAsync(string taskId, List<Pending> group)
    {
        try
        {
            var (grain, lease) = router.Route(taskId, group.Count);
            using (lease)
            {
                var outcomes = await grain.DiagnoseAsync([.. group.Select(p => p.Image)], cancellationToken);
                for (int i = 0; i < group.Count; i++)
                    group[i].Outcome.TrySetResult(outcomes[i]);
            }
        }
        catch (Exception e)
        {
            foreach (var pending in group)
                pending.Outcome.TrySetException(e);
        }
    }

    sealed record Pending(PreparedImage Image, TaskCompletionSource<DiagnosisOutcome> Outcome);
}
