using System.Text.Json;

namespace MeLo.Cli.Tests;

public class InspectCommandTests
{
    [Fact]
    public void TextReportForVitBase()
    {
        var result = CliResult.Run("inspect", "--config", "vit_base_patch16_224");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("148,994 parameters = 0.142M", result.Output);
        Assert.Contains("147,456 LoRA parameters", result.Output);
        Assert.Contains("85,798,656 parameters", result.Output);
    }

    [Fact]
    public void JsonReportForVitGigantic()
    {
        var result = CliResult.Run("inspect", "--config", "vit_gigantic_patch14_clip_224", "--json");
        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(1_277_952, json.GetProperty("loraParameters").GetInt64());
        Assert.Equal(1_277_952 + 1664 * 2 + 2, json.GetProperty("trainableParameters").GetInt64());
        Assert.True(json.GetProperty("adapterBytesF16").GetInt64() < json.GetProperty("adapterBytesF32").GetInt64());
    }

    [Fact]
    public void CustomJsonConfigAndBadConfig()
    {
        Assert.Equal(0, CliResult.Run("inspect", "--config", CliResult.Fixture("tiny_config.json"), "--targets", "q,k,v,o,fc1,fc2").ExitCode);
        var bad = CliResult.Run("inspect", "--config", "vit_nope");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("Unknown backbone config 'vit_nope'", bad.Error);
    }
}
