using MeLo.Model.Lora;
using static TorchSharp.torch;

namespace MeLo.Model.Tests;

public class MergeTests
{
    [Fact]
    public void Merged_forward_equals_unmerged_forward()
    {
        using var backbone = TestModels.Backbone(TestModels.Tiny(), seed: 1);
        using var adapter = TestModels.Adapter(backbone, new LoraSettings { Targets = [LoraTarget.Query, LoraTarget.Value, LoraTarget.Fc2] }, 3, seed: 2);
        var pixels = randn(2, 3, 32, 32);
        using var inference = inference_mode();
        var unmerged = adapter.Forward(backbone, pixels);
        adapter.MergeInto(backbone);
        var merged = adapter.Classify(backbone.ForwardFeatures(pixels));
        adapter.UnmergeFrom(backbone);
        Assert.True(TestModels.MaxAbsDiff(unmerged, merged) < 1e-5);
    }

    [Fact]
    public void Fifty_merge_unmerge_cycles_drift_below_1e6()
    {
        using var backbone = TestModels.Backbone(TestModels.Tiny(), seed: 3);
        using var adapter = TestModels.Adapter(backbone, new LoraSettings { Targets = [LoraTarget.Query, LoraTarget.Key, LoraTarget.Value, LoraTarget.Output, LoraTarget.Fc1, LoraTarget.Fc2] }, 2, seed: 4);
        var before = backbone.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        for (int cycle = 0; cycle < 50; cycle++)
        {
            adapter.MergeInto(backbone);
            adapter.UnmergeFrom(backbone);
        }
        double drift = before.Max(kv => TestModels.MaxAbsDiff(kv.Value, backbone.state_dict()[kv.Key]));
        Assert.True(drift < 1e-6, $"drift {drift}");
        // Merging really changes the weights (so the drift check is not vacuous).
        adapter.MergeInto(backbone);
        Assert.True(TestModels.MaxAbsDiff(before["blocks.0.attn.qkv.weight"], backbone.state_dict()["blocks.0.attn.qkv.weight"]) > 1e-4);
    }

    [Fact]
    public void Fresh_adapter_leaves_backbone_unchanged_but_trains_only_LoRA_and_head()
    {
        using var backbone = TestModels.Backbone(TestModels.Tiny(), seed: 5);
        using var adapter = LoraAdapter.Create(backbone, LoraSettings.MeLoDefault, 2, seed: 6);
        var pixels = randn(2, 3, 32, 32);
        using (inference_mode())
            Assert.True(TestModels.MaxAbsDiff(backbone.ForwardFeatures(pixels, adapter), backbone.ForwardFeatures(pixels)) < 1e-7);
        Assert.All(backbone.parameters(), p => Assert.False(p.requires_grad));
        Assert.Equal(ParameterAccounting.Trainable(backbone.Config, LoraSettings.MeLoDefault, 2),
            adapter.parameters().Where(p => p.requires_grad).Sum(p => p.numel()));
        // A is kaiming-uniform within ±1/√in, B starts at zero.
        double bound = 1 / Math.Sqrt(32);
        Assert.True(adapter.A(LoraTarget.Query).abs().max().item<float>() <= bound);
        Assert.True(adapter.A(LoraTarget.Query).abs().max().item<float>() > bound / 2);
        Assert.Equal(0f, adapter.B(LoraTarget.Value).abs().max().item<float>());
    }
}
