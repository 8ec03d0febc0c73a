namespace MeLo.Cli.Benchmarks;

/// <summary>Result of <see cref="ForwardBenchmark"/>: throughput of each path and the mixed/plain time ratio.</summary>
public sealed record ForwardBenchmarkReport(
    string Config, int Batch, int Adapters, int Pairs, int Threads,
    double PlainImagesPerSecond, double MixedImagesPerSecond, double MedianTimeRatio, double MinTimeRatio, double MaxTimeRatio)
{
    public double OverheadPercent => (MedianTimeRatio - 1) * 100;

    public string ToText() => string.Join(Environment.NewLine,
        $"{Config}, batch {Batch}, {Adapters} adapters mixed per batch, {Pairs} alternating pairs, {Threads} threads",
        $"plain backbone    {PlainImagesPerSecond,8:F2} images/s (median)",
        $"mixed adapters    {MixedImagesPerSecond,8:F2} images/s (median)",
        $"time ratio mixed/plain: median {MedianTimeRatio:F4} (min {MinTimeRatio:F4}, max {MaxTimeRatio:F4}) => overhead {OverheadPercent:+0.00;-0.00}%");
}
