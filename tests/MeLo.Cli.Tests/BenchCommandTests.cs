using System.Text.Json;

namespace MeLo.Cli.Tests;

/// <summary>The forward benchmark runs and reports consistent numbers (its speed targets are checked by people, not tests).</summary>
public class BenchCommandTests
{
    [Fact]
    public void Forward_benchmark_reports_both_paths_and_their_ratio()
    {
        var result = CliResult.Run("bench", "forward", "--config", CliResult.Fixture("tiny_config.json"), "--batch", "4",
            "--adapters", "3", "--pairs", "2", "--warmup", "0", "--json");
        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Output).RootElement;
        double plain = json.GetProperty("plainImagesPerSecond").GetDouble();
        double mixed = json.GetProperty("mixedImagesPerSecond").GetDouble();
        double ratio = json.GetProperty("medianTimeRatio").GetDouble();
        Assert.True(plain > 0 && mixed > 0 && ratio > 0);
        Assert.InRange(ratio, json.GetProperty("minTimeRatio").GetDouble(), json.GetProperty("maxTimeRatio").GetDouble());
    }
}
