using System.Text.Json;

namespace MeLo.Cli.Tests;

/// <summary>`melo bench adapters` on a tiny config: one row per count, in the JSON contract, with consistent values.</summary>
public class AdaptersBenchCommandTests : IDisposable
{
    readonly TempDirectory _directory = new("melo-cli-adapters-");

    [Fact]
    public void Each_count_reports_memory_cold_load_latency_and_throughput_ratio()
    {
        string plot = _directory.Combine("adapters.png");
        var result = CliResult.Run("bench", "adapters", "--counts", "1,3,8", "--config", CliResult.Fixture("tiny_config.json"),
            "--batch", "4", "--requests", "8", "--plot", plot, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        var rows = JsonDocument.Parse(result.Output).RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal([1, 3, 8], rows.Select(r => r.GetProperty("adapters").GetInt32()));
        long one = rows[0].GetProperty("adapterBytes").GetInt64();
        // tiny config r=4 on q,v: 2 layers x 2 targets x 4 x (32 + 32) + a 2-class head (66), in fp32
        Assert.Equal((2 * 2 * 4 * 64 + 66) * 4, one);
        Assert.Equal(3 * one, rows[1].GetProperty("adapterBytes").GetInt64());
        Assert.Equal(8 * one, rows[2].GetProperty("adapterBytes").GetInt64());
        foreach (var row in rows)
        {
            Assert.True(row.GetProperty("rssBytes").GetInt64() > 10L << 20);
            double p50 = row.GetProperty("coldLoadP50Ms").GetDouble(), p99 = row.GetProperty("coldLoadP99Ms").GetDouble();
            Assert.True(p50 > 0 && p99 >= p50, $"{row}: 0 < p50 <= p99");
            // A ratio of two walls of a few milliseconds each on the tiny config: its size is noise here, only its form is checked.
            double ratio = row.GetProperty("throughputRatio").GetDouble();
            Assert.True(double.IsFinite(ratio) && ratio > 0, $"{row}: a finite positive throughput ratio");
        }
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(plot)[..4]);
    }

    [Fact]
    public void A_bad_count_is_refused_with_a_clear_error()
    {
        var result = CliResult.Run("bench", "adapters", "--counts", "1,x", "--config", CliResult.Fixture("tiny_config.json"),
            "--plot", _directory.Combine("never.png"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: --counts takes positive adapter counts, not 'x'.", result.Error);
    }

    public void Dispose() => _directory.Dispose();
}
