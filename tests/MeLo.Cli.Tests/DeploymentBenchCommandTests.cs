using System.Text.Json;

namespace MeLo.Cli.Tests;

/// <summary>`melo bench deployment` on a tiny config: the JSON contract holds and the values are plausible (speeds are for people).</summary>
public class DeploymentBenchCommandTests : IDisposable
{
    static readonly string[] Methods = ["melo-mixed", "melo-grouped-merge", "melo-grouped-select", "finetuned-on-demand"];
    readonly TempDirectory _directory = new("melo-cli-deployment-");

    [Fact]
    public void Every_method_and_order_reports_total_time_switch_time_and_switches()
    {
        string plot = _directory.Combine("deployment.png");
        var result = CliResult.Run("bench", "deployment", "--config", CliResult.Fixture("tiny_config.json"), "--images", "20", "--tasks", "4",
            "--batch", "4", "--plot", plot, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal("tiny-parity", json.GetProperty("config").GetString());
        Assert.Equal(20, json.GetProperty("images").GetInt32());
        Assert.Equal(4, json.GetProperty("tasks").GetInt32());
        var rows = json.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(8, rows.Count);
        Assert.Equal(from m in Methods from o in new[] { "in-order", "random" } select (m, o),
            rows.Select(r => (r.GetProperty("method").GetString()!, r.GetProperty("order").GetString()!)).OrderBy(p => Array.IndexOf(Methods, p.Item1)));
        foreach (var row in rows)
        {
            double total = row.GetProperty("totalSeconds").GetDouble(), switching = row.GetProperty("switchSeconds").GetDouble();
            Assert.True(total > switching && switching >= 0, $"{row}: TT > ST >= 0");
        }
        JsonElement Row(string method, string order) =>
            rows.Single(r => r.GetProperty("method").GetString() == method && r.GetProperty("order").GetString() == order);
        long Switches(string method, string order) => Row(method, order).GetProperty("switches").GetInt64();

        Assert.Equal(0, Switches("melo-mixed", "in-order"));
        Assert.Equal(0, Switches("melo-mixed", "random"));
        Assert.Equal(0, Row("melo-mixed", "random").GetProperty("switchSeconds").GetDouble());
        foreach (var method in Methods[1..])
        {
            Assert.Equal(3, Switches(method, "in-order")); // one per task change of the ordered stream
            Assert.True(Switches(method, "random") > 3, $"{method}: a shuffled stream switches more often");
        }
        Assert.True(Row("melo-grouped-merge", "random").GetProperty("switchSeconds").GetDouble() > 0, "merging takes time");
        Assert.Equal(0, Row("melo-grouped-select", "random").GetProperty("switchSeconds").GetDouble());
        Assert.True(Row("finetuned-on-demand", "random").GetProperty("switchSeconds").GetDouble() > 0, "loading models takes time");
        var ratios = json.GetProperty("ratios").EnumerateArray().ToList();
        Assert.Equal(Methods, ratios.Select(r => r.GetProperty("method").GetString()));
        Assert.All(ratios, r => Assert.True(r.GetProperty("randomToInOrder").GetDouble() > 0));

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(plot)[..4]);
    }

    [Fact]
    public void The_text_table_names_every_method_and_the_ratios()
    {
        var result = CliResult.Run("bench", "deployment", "--config", CliResult.Fixture("tiny_config.json"), "--images", "8", "--tasks", "2",
            "--batch", "4", "--plot", _directory.Combine("d.png"));
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.All(Methods, m => Assert.Contains(m, result.Output));
        Assert.Contains("random / in-order TT:", result.Output);
    }

    [Fact]
    public void With_grid_the_melo_methods_run_through_a_gateway_and_two_silos()
    {
        var result = CliResult.Run("bench", "deployment", "--config", CliResult.Fixture("tiny_config.json"), "--images", "16", "--tasks", "4",
            "--batch", "4", "--grid", "--plot", _directory.Combine("grid.png"), "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.True(json.GetProperty("grid").GetBoolean());
        Assert.Equal(2, json.GetProperty("silosAnswering").GetInt32());
        var rows = json.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(8, rows.Count);
        Assert.All(rows, row => Assert.True(row.GetProperty("totalSeconds").GetDouble() > row.GetProperty("switchSeconds").GetDouble()
            && row.GetProperty("switchSeconds").GetDouble() >= 0, $"{row}: TT > ST >= 0"));
        long Switches(string method, string order) => rows
            .Single(r => r.GetProperty("method").GetString() == method && r.GetProperty("order").GetString() == order).GetProperty("switches").GetInt64();
        Assert.Equal(0, Switches("melo-mixed", "in-order") + Switches("melo-mixed", "random"));
        foreach (var method in Methods[1..3])
        {
            // Each silo switches among its own tasks only: at most one switch per task change, plus one per silo to its first task.
            Assert.InRange(Switches(method, "in-order"), 0, 4);
            Assert.True(Switches(method, "random") >= Switches(method, "in-order"), $"{method}: shuffling adds switches");
        }
    }

    [Theory]
    [InlineData("--images", "10", "--images must be a positive multiple of --tasks (4)")]
    [InlineData("--full-models", "a.safetensors", "--full-models needs one file per task (4)")]
    public void Bad_settings_are_refused_with_a_clear_error(string option, string value, string message)
    {
        var result = CliResult.Run("bench", "deployment", "--config", CliResult.Fixture("tiny_config.json"), option, value,
            "--plot", _directory.Combine("never.png"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error: {message}", result.Error);
    }

    [Fact]
    public void Full_models_given_by_option_are_the_ones_loaded()
    {
        var notAModel = _directory.Combine("adapter.safetensors");
        File.WriteAllBytes(notAModel, File.ReadAllBytes(CliResult.Fixture("timm_weights.safetensors")));
        var result = CliResult.Run("bench", "deployment", "--config", CliResult.Fixture("tiny_config.json"), "--images", "4", "--tasks", "2",
            "--full-models", $"{notAModel},{notAModel}", "--plot", _directory.Combine("never.png"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not a MeLo full model file", result.Error);
    }

    public void Dispose() => _directory.Dispose();
}
