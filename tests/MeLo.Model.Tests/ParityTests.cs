using MeLo.Model.Checkpoints;
using MeLo.Model.SafeTensors;
using MeLo.Model.Vit;
using static TorchSharp.torch;

namespace MeLo.Model.Tests;

/// <summary>Logits equal torchvision's on fixtures made by fixtures/parity/make_parity_fixtures.py.</summary>
public class ParityTests
{
    static VitConfig Config(PositionEmbeddingResample resample = PositionEmbeddingResample.Timm) =>
        VitConfig.Resolve(TestModels.Fixture("tiny_config.json")) with { PositionEmbeddingResample = resample };

    [Theory]
    [InlineData("tv_weights.pt", CheckpointNaming.Torchvision)]
    [InlineData("timm_weights.safetensors", CheckpointNaming.Timm)]
    [InlineData("hf_weights.safetensors", CheckpointNaming.HuggingFace)]
    public void Logits_match_torchvision_at_pretraining_size(string weights, CheckpointNaming naming)
    {
        using var backbone = BackboneLoader.Load(Config(), TestModels.Fixture(weights), naming);
        var (fixture, _) = SafeTensorsFile.Read(TestModels.Fixture("inputs_32.safetensors"));
        using var inference = inference_mode();
        var logits = backbone.forward(fixture["pixel_values"]);
        Assert.True(TestModels.MaxAbsDiff(logits, fixture["logits"]) < 1e-4);
    }

    [Theory]
    [InlineData(PositionEmbeddingResample.Torchvision, "logits_torchvision")]
    [InlineData(PositionEmbeddingResample.Timm, "logits_timm")]
    public void Logits_match_at_another_image_size(PositionEmbeddingResample resample, string reference)
    {
        using var backbone = BackboneLoader.Load(Config(resample), TestModels.Fixture("timm_weights.safetensors"), CheckpointNaming.Timm);
        var (fixture, _) = SafeTensorsFile.Read(TestModels.Fixture("inputs_48.safetensors"));
        using var inference = inference_mode();
        var logits = backbone.forward(fixture["pixel_values"]);
        Assert.True(TestModels.MaxAbsDiff(logits, fixture[reference]) < 1e-4);
        // The two conventions really differ on this fixture, so the test tells them apart.
        var other = reference == "logits_timm" ? "logits_torchvision" : "logits_timm";
        Assert.True(TestModels.MaxAbsDiff(logits, fixture[other]) > 1e-3);
    }

    [Fact]
    public void All_namings_give_the_same_fingerprint()
    {
        using var tv = BackboneLoader.Load(Config(), TestModels.Fixture("tv_weights.pt"), CheckpointNaming.Torchvision);
        using var hf = BackboneLoader.Load(Config(), TestModels.Fixture("hf_weights.safetensors"), CheckpointNaming.HuggingFace);
        Assert.Equal(tv.Fingerprint, hf.Fingerprint);
        Assert.Equal(16, tv.Fingerprint.Length);
    }
}
