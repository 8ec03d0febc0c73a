using System.Globalization;

namespace MeLo.Cli.Benchmarks;

/// <summary>Result of <see cref="EngineBenchmark.RunAsync"/>: one row per scheduling policy, all on one backbone.</summary>
public sealed record EngineBenchmarkReport(
    string Backbone, string Device, int ImageSize, int Tasks, int Requests, int Rounds, int Concurrency, int MaxBatchSize, int Threads,
    IReadOnlyList<PolicyBenchmarkResult> Policies)
{
    public string ToText()
    {
        var lines = new List<string>
        {
            $"{Backbone} on {Device}, {ImageSize}px, {Tasks} tasks, {Requests} requests of each kind in {Rounds} alternating rounds, {Concurrency} clients, batch {MaxBatchSize}, {Threads} threads",
            $"{"policy",-15} {"1-task img/s",12} {"n-task img/s",12} {"ratio",6} {"switches",8} {"pass",5} {"ms/switch",9} {"ms/change",9}  n-task latency",
        };
        foreach (var p in Policies)
            lines.Add($"{p.Policy,-15} {p.SingleTaskImagesPerSecond,12:F2} {p.MultiTaskImagesPerSecond,12:F2} {p.ThroughputRatio,6:F3} {p.Switches,8} " +
                      $"{p.MeanPassSize,5:F1} {(p.MillisecondsPerSwitch is { } ms ? ms.ToString("F2", CultureInfo.InvariantCulture) : "-"),9} {p.MillisecondsPerTaskChange,9:F2}  {p.MultiTaskLatency}");
        return string.Join(Environment.NewLine, lines);
    }
}
