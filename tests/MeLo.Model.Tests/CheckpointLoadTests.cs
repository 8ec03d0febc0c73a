using MeLo.Model.Checkpoints;
using MeLo.Model.SafeTensors;
using MeLo.Model.Vit;
using static TorchSharp.torch;

namespace MeLo.Model.Tests;

public class CheckpointLoadTests : IDisposable
{
    readonly TempDirectory _dir = new("melo-ckpt-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Missing_unexpected_and_mis_shaped_keys_are_listed_together()
    {
        var (weights, _) = SafeTensorsFile.Read(TestModels.Fixture("timm_weights.safetensors"));
        weights.Remove("blocks.1.mlp.fc2.bias");
        weights["blocks.0.attn.extra"] = zeros(3);
        weights["norm.weight"] = zeros(31);
        var path = _dir.Combine("bad.safetensors");
        SafeTensorsFile.Write(path, weights);

        var error = Assert.Throws<CheckpointLoadException>(() =>
            BackboneLoader.Load(VitConfig.Resolve(TestModels.Fixture("tiny_config.json")), path, CheckpointNaming.Timm));
        Assert.Contains("1 missing: blocks.1.mlp.fc2.bias", error.Message);
        Assert.Contains("1 unexpected: blocks.0.attn.extra", error.Message);
        Assert.Contains("norm.weight: checkpoint [31], model [32]", error.Message);
    }

    [Fact]
    public void Wrong_naming_is_refused()
    {
        var error = Assert.Throws<CheckpointLoadException>(() =>
            BackboneLoader.Load(VitConfig.Resolve(TestModels.Fixture("tiny_config.json")), TestModels.Fixture("tv_weights.pt"), CheckpointNaming.Timm));
        Assert.Contains("missing", error.Message);
        Assert.Contains("class_token", error.Message);
    }

    [Fact]
    public void Headless_config_ignores_the_checkpoint_head()
    {
        var config = VitConfig.Resolve(TestModels.Fixture("tiny_config.json")) with { NumClasses = 0 };
        using var backbone = BackboneLoader.Load(config, TestModels.Fixture("hf_weights.safetensors"), CheckpointNaming.HuggingFace);
        Assert.DoesNotContain(backbone.state_dict().Keys, k => k.StartsWith("head.", StringComparison.Ordinal));
        Assert.All(backbone.parameters(), p => Assert.False(p.requires_grad));
    }

    [Fact]
    public void Legacy_and_unknown_files_give_clear_errors()
    {
        var legacy = _dir.Combine("legacy.pt");
        File.WriteAllBytes(legacy, [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46]);
        Assert.Contains("legacy", Assert.Throws<CheckpointLoadException>(() => CheckpointReader.Read(legacy)).Message);
        var junk = _dir.Combine("junk.bin");
        File.WriteAllText(junk, "hello world, not a checkpoint");
        Assert.Contains("neither", Assert.Throws<CheckpointLoadException>(() => CheckpointReader.Read(junk)).Message);
        Assert.Contains("not found", Assert.Throws<CheckpointLoadException>(() => CheckpointReader.Read(_dir.Combine("absent.pt"))).Message);
    }

    [Fact]
    public void Configs_resolve_by_name_or_JSON_and_reject_nonsense()
    {
        Assert.Equal(1664, VitConfig.Resolve("vit_gigantic_patch14_clip_224").Dim);
        Assert.True(VitConfig.Resolve("vit_huge_patch14_clip_224").PreNorm);
        Assert.Contains("not divisible", Assert.Throws<ArgumentException>(() =>
            VitConfig.FromJson("""{"name":"x","dim":30,"depth":1,"heads":4,"mlpDim":8}""")).Message);
        Assert.Contains("Unknown backbone config", Assert.Throws<ArgumentException>(() => VitConfig.Resolve("vit_nope")).Message);
    }
}
