using System.Text.Json;

namespace MeLo.Cli.Tests;

public class InspectCommandTests
{
    [Fact]
    public void Text_report_for_ViT_base()
    {
        var result = CliResult.Run("inspect", "--config", "vit_base_patch16_224");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("148,994 parameters = 0.142M", result.Output);
        Assert.Contains("147,456 LoRA parameters", result.Output);
        Assert.Contains("85,798,656 parameters", result.Output);
    }

    [Fact]
    public void JSON_report_for_ViT_gigantic()
    {
        var result = CliResult.Run("inspect", "--config", "vit_gigantic_patch14_clip_224", "--json");
        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(1_277_952, json.GetProperty("loraParameters").GetInt64());
        Assert.Equal(1_277_952 + 1664 * 2 + 2, json.GetProperty("trainableParameters").GetInt64());
        Assert.True(json.GetProperty("adapterBytesF16").GetInt64() < json.GetProperty("adapterBytesF32").GetInt64());
    }

    [Fact]
    public void Device_memory_per_dtype_and_batch_size_in_text_and_JSON()
    {
        var text = CliResult.Run("inspect", "--config", "vit_base_patch16_224", "--batch-sizes", "1,32");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("device memory estimate", text.Output);
        Assert.Contains("bf16", text.Output);

        var result = CliResult.Run("inspect", "--config", "vit_base_patch16_224", "--batch-sizes", "1,32", "--json");
        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(147_456, json.GetProperty("loraParameters").GetInt64()); // old keys stay
        var rows = json.GetProperty("deviceMemory").EnumerateArray().ToList();
        Assert.Equal(6, rows.Count);
        Assert.Equal(["fp32", "fp32", "bf16", "bf16", "fp16", "fp16"], rows.Select(r => r.GetProperty("dtype").GetString()));
        var fp32One = rows[0];
        Assert.Equal(85_798_656L * 4, fp32One.GetProperty("weightBytes").GetInt64());
        Assert.Equal(85_798_656L * 2, rows[2].GetProperty("weightBytes").GetInt64());
        foreach (var row in rows)
            Assert.Equal(row.GetProperty("weightBytes").GetInt64() + row.GetProperty("activationBytes").GetInt64() + row.GetProperty("adapterSlotBytes").GetInt64(),
                row.GetProperty("totalBytes").GetInt64());
        Assert.True(rows[1].GetProperty("activationBytes").GetInt64() > 16 * fp32One.GetProperty("activationBytes").GetInt64());

        var bad = CliResult.Run("inspect", "--config", "vit_base_patch16_224", "--batch-sizes", "0");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("error: --batch-sizes", bad.Error);
    }

    [Fact]
    public void Custom_JSON_config_and_bad_config()
    {
        Assert.Equal(0, CliResult.Run("inspect", "--config", CliResult.Fixture("tiny_config.json"), "--targets", "q,k,v,o,fc1,fc2").ExitCode);
        var bad = CliResult.Run("inspect", "--config", "vit_nope");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("Unknown backbone config 'vit_nope'", bad.Error);
    }
}
