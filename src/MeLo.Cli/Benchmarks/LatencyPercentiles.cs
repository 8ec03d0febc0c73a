namespace MeLo.Cli.Benchmarks;

/// <summary>Client-side request latency in milliseconds (nearest-rank percentiles).</summary>
public sealed record LatencyPercentiles(double P50, double P95, double P99)
{
    public static LatencyPercentiles From(IReadOnlyCollection<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        double At(double percentile) => sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencyPercentiles(At(50), At(95), At(99));
    }

    public override string ToString() => $"p50 {P50:F1} ms, p95 {P95:F1} ms, p99 {P99:F1} ms";
}
