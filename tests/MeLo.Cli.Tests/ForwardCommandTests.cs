using MeLo.Model.SafeTensors;
using static TorchSharp.torch;

namespace MeLo.Cli.Tests;

public class ForwardCommandTests : IDisposable
{
    readonly TempDirectory _dir = new("melo-cli-");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("tv_weights.pt", "torchvision")]
    [InlineData("hf_weights.safetensors", "hf")]
    public void Writes_logits_equal_to_PyTorch(string weights, string naming)
    {
        var output = _dir.Combine("logits.safetensors");
        var result = CliResult.Run("forward", "--weights", CliResult.Fixture(weights), "--naming", naming,
            "--config", CliResult.Fixture("tiny_config.json"), "--input", CliResult.Fixture("inputs_32.safetensors"), "--output", output);
        Assert.Equal(0, result.ExitCode);
        var logits = SafeTensorsFile.Read(output).Tensors["logits"];
        var expected = SafeTensorsFile.Read(CliResult.Fixture("inputs_32.safetensors")).Tensors["logits"];
        Assert.True((logits - expected).abs().max().item<float>() < 1e-4);
    }

    [Fact]
    public void Imported_reference_adapter_runs_through_forward()
    {
        var adapter = _dir.Combine("ref.safetensors");
        string[] backbone = ["--weights", CliResult.Fixture("tv_weights.pt"), "--naming", "torchvision", "--config", CliResult.Fixture("tiny_config.json")];
        var import = CliResult.Run(["adapter", "import", .. backbone, "--reference", CliResult.Fixture("melo_ref_adapter.safetensors"),
            "--task-id", "ref", "--labels", "a,b,c", "--output", adapter]);
        Assert.Equal(0, import.ExitCode);
        Assert.Contains("\"taskId\": \"ref\"", CliResult.Run("adapter", "show", adapter).Output);

        var output = _dir.Combine("logits.safetensors");
        var result = CliResult.Run(["forward", .. backbone, "--adapter", adapter, "--input", CliResult.Fixture("melo_ref_expected.safetensors"), "--output", output]);
        Assert.Equal(0, result.ExitCode);
        var expected = SafeTensorsFile.Read(CliResult.Fixture("melo_ref_expected.safetensors")).Tensors["logits"];
        Assert.True((SafeTensorsFile.Read(output).Tensors["logits"] - expected).abs().max().item<float>() < 1e-4);
    }

    [Fact]
    public void Input_without_pixel_values_fails_clearly()
    {
        var result = CliResult.Run("forward", "--weights", CliResult.Fixture("tv_weights.pt"), "--naming", "torchvision",
            "--config", CliResult.Fixture("tiny_config.json"), "--input", CliResult.Fixture("tv_weights.pt"), "--output", _dir.Combine("x"));
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error:", result.Error);
        Assert.False(File.Exists(_dir.Combine("x")));
    }

    [Fact]
    public void Missing_required_option_is_a_usage_error()
    {
        var result = CliResult.Run("forward", "--naming", "timm");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--weights", result.Error);
    }
}
