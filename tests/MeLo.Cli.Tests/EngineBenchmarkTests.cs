using MeLo.Cli.Benchmarks;
using MeLo.Model.Vit;

namespace MeLo.Cli.Tests;

public class EngineBenchmarkTests
{
    [Fact]
    public async Task The_benchmark_reports_every_policy_on_one_backbone()
    {
        using var backbone = DemoBackbone.Create();
        var report = await EngineBenchmark.RunAsync(backbone, new EngineBenchmarkSettings { Requests = 48, WarmupRequests = 6, Concurrency = 8, MaxBatchSize = 8 });

        Assert.Equal(["mixed", "grouped-merge", "grouped-select"], report.Policies.Select(p => p.Policy));
        Assert.All(report.Policies, p =>
        {
            Assert.True(p.SingleTaskImagesPerSecond > 0 && p.MultiTaskImagesPerSecond > 0);
            Assert.True(p.MultiTaskLatency.P50 <= p.MultiTaskLatency.P95 && p.MultiTaskLatency.P95 <= p.MultiTaskLatency.P99);
            Assert.InRange(p.MeanPassSize, 1, 8);
        });
        var mixed = report.Policies[0];
        Assert.Equal(0, mixed.Switches);
        Assert.Null(mixed.MillisecondsPerSwitch);
        Assert.All(report.Policies.Skip(1), p => Assert.True(p.Switches > 0 && p.MillisecondsPerSwitch is not null));
        Assert.Contains("grouped-merge", report.ToText());
        Assert.Equal(DemoBackbone.Config.ImageSize, report.ImageSize);
    }

    [Fact]
    public void Percentiles_use_the_nearest_rank()
    {
        var latency = LatencyPercentiles.From(Enumerable.Range(1, 100).Select(i => (double)i).ToArray());
        Assert.Equal(new LatencyPercentiles(50, 95, 99), latency);
        Assert.Equal(new LatencyPercentiles(7, 7, 7), LatencyPercentiles.From([7.0]));
    }
}
