namespace MeLo.Cli.Benchmarks;

/// <summary>
/// One scheduling policy measured on the same backbone twice: every request for one task, then the same number of requests
/// over all tasks in random order. The extra time of the second run is put down to adapter changes two ways: per switch the
/// engine counted (Grouped only; null when none, as under Mixed) and per task change in the request order. Both include
/// the smaller forward passes that splitting a batch by adapter causes, not only the merge arithmetic.
/// </summary>
public sealed record PolicyBenchmarkResult(
    string Policy,
    double SingleTaskImagesPerSecond,
    double MultiTaskImagesPerSecond,
    long Switches,
    double MeanPassSize,
    double? MillisecondsPerSwitch,
    double MillisecondsPerTaskChange,
    LatencyPercentiles SingleTaskLatency,
    LatencyPercentiles MultiTaskLatency)
{
    /// <summary>Multi-task random-order throughput over single-task throughput (1 means mixing tasks costs nothing).</summary>
    public double ThroughputRatio => MultiTaskImagesPerSecond / SingleTaskImagesPerSecond;
}
