namespace MeLo.Cli.Benchmarks;

/// <summary>Result of <see cref="AdaptersBenchmark"/>: the residency sweep.</summary>
public sealed record AdaptersBenchmarkReport(string Config, int Rank, int Batch, int Requests, int Threads, long BaselineRssBytes,
    IReadOnlyList<AdaptersBenchmarkRow> Rows)
{
    public string ToText() => string.Join(Environment.NewLine, [
        $"{Config}, r={Rank}, batch {Batch}, {Requests} requests per stream kind, {Threads} threads; RSS before any engine {BaselineRssBytes / 1048576.0:F0} MiB",
        $"{"adapters",9} {"adapter MiB",12} {"RSS MiB",9} {"cold p50 ms",12} {"cold p99 ms",12} {"random/single",14}",
        .. Rows.Select(r => $"{r.Adapters,9} {r.AdapterBytes / 1048576.0,12:F1} {r.RssBytes / 1048576.0,9:F0} {r.ColdLoadP50Ms,12:F2} {r.ColdLoadP99Ms,12:F2} {r.ThroughputRatio,14:F3}"),
    ]);
}
