
namespace MeLo.Cli.Benchmarks;

/// <summary>The gateway leg of <see cref="ServeBenchmark"/>: DiagnoseStream throughput and the latency a client sees.</summary>
public sealed record GatewayBenchmarkResult(
    double SingleTaskImagesPerSecond,
    double MultiTaskImagesPerSecond,
    LatencyPercentiles SingleTaskLatency,
    LatencyPercentiles MultiTaskLatency)
{
    public double ThroughputRatio => MultiTaskImagesPerSecond / SingleTaskImagesPerSecond;
}
