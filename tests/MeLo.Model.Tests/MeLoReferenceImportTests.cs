using MeLo.Model.Adapters;
using MeLo.Model.Checkpoints;
using MeLo.Model.Lora;
using MeLo.Model.SafeTensors;
using MeLo.Model.Vit;
using static TorchSharp.torch;

namespace MeLo.Model.Tests;

public class MeLoReferenceImportTests
{
    [Fact]
    public void Imported_adapter_reproduces_reference_logits()
    {
        using var backbone = BackboneLoader.Load(VitConfig.Resolve(TestModels.Fixture("tiny_config.json")),
            TestModels.Fixture("tv_weights.pt"), CheckpointNaming.Torchvision);
        using var adapter = MeLoReferenceImporter.Import(TestModels.Fixture("melo_ref_adapter.safetensors"), backbone);
        Assert.Equal(4, adapter.Settings.Rank);
        Assert.Equal(1.0, adapter.Settings.Scale);
        Assert.Equal([LoraTarget.Query, LoraTarget.Value], adapter.Settings.Targets);
        Assert.Equal(3, adapter.NumClasses);

        var (fixture, _) = SafeTensorsFile.Read(TestModels.Fixture("melo_ref_expected.safetensors"));
        using var inference = inference_mode();
        var logits = adapter.Forward(backbone, fixture["pixel_values"]);
        Assert.True(TestModels.MaxAbsDiff(logits, fixture["logits"]) < 1e-4);
    }

    [Fact]
    public void Import_refuses_a_file_for_another_depth()
    {
        using var backbone = TestModels.Backbone(TestModels.Tiny() with { Depth = 3 }, 1);
        var error = Assert.Throws<AdapterFormatException>(() =>
            MeLoReferenceImporter.Import(TestModels.Fixture("melo_ref_adapter.safetensors"), backbone));
        Assert.Contains("w_a_004", error.Message);
    }
}
