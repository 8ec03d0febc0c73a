namespace MeLo.Gateway;

/// <summary>One task's answers within <see cref="RecentTaskStatistics.Window"/>: counts, rate per second and latency percentiles.</summary>
public sealed record TaskStatisticsSnapshot(string TaskId, int Items, int Failed, double ItemsPerSecond, double P50Ms, double P95Ms, double P99Ms);
