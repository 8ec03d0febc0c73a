using System.Diagnostics;

namespace MeLo.Gateway;

/// <summary>
/// Answers of the last <c>window</c> per task, for the admin status view (rates and p50/p95/p99 latency). Holds one
/// latency per answer in the window, so memory is bounded by the rate; old answers are dropped as new ones arrive and
/// whenever a snapshot is taken.
/// </summary>
public sealed class RecentTaskStatistics(TimeSpan window)
{
    readonly Lock _lock = new();
    readonly Dictionary<string, Queue<(long At, double Milliseconds, bool Ok)>> _tasks = new(StringComparer.Ordinal);
    readonly long _windowTicks = (long)(window.TotalSeconds * Stopwatch.Frequency);

    public TimeSpan Window => window;

    public void Add(string taskId, bool ok, double milliseconds)
    {
        long now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            if (!_tasks.TryGetValue(taskId, out var answers))
                _tasks[taskId] = answers = new();
            answers.Enqueue((now, milliseconds, ok));
            Trim(answers, now);
        }
    }

    public IReadOnlyList<TaskStatisticsSnapshot> Snapshot()
    {
        long now = Stopwatch.GetTimestamp();
        var snapshots = new List<TaskStatisticsSnapshot>();
        lock (_lock)
        {
            foreach (var (taskId, answers) in _tasks.ToList())
            {
                Trim(answers, now);
                if (answers.Count == 0)
                {
                    _tasks.Remove(taskId);
                    continue;
                }
                var latencies = answers.Select(a => a.Milliseconds).Order().ToArray();
                snapshots.Add(new TaskStatisticsSnapshot(taskId, answers.Count, answers.Count(a => !a.Ok),
                    answers.Count / window.TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99)));
            }
        }
        return [.. snapshots.OrderBy(s => s.TaskId, StringComparer.Ordinal)];
    }

    void Trim(Queue<(long At, double Milliseconds, bool Ok)> answers, long now)
    {
        while (answers.Count > 0 && now - answers.Peek().At > _windowTicks)
            answers.Dequeue();
    }

    /// <summary>Nearest rank on sorted values.</summary>
    static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
