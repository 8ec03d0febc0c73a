using MeLo.Model.Lora;
using static TorchSharp.torch;

namespace MeLo.Model.Tests;

/// <summary>One forward pass mixing tasks gives every sample what a backbone with that sample's adapter merged gives.</summary>
public class MixedAdapterTests
{
    static readonly LoraSettings[] Settings =
    [
        LoraSettings.MeLoDefault,
        new() { Rank = 2, Alpha = 3, Targets = [LoraTarget.Key, LoraTarget.Output] },
        new() { Rank = 8, Alpha = 8, Targets = [LoraTarget.Query, LoraTarget.Value, LoraTarget.Fc1, LoraTarget.Fc2] },
    ];
    static readonly int[] Classes = [2, 4, 14];

    [Fact]
    public void Every_sample_matches_its_merged_adapter()
    {
        using var backbone = TestModels.Backbone(TestModels.Tiny(), seed: 7);
        var adapters = Enumerable.Range(0, 3).Select(i => TestModels.Adapter(backbone, Settings[i], Classes[i], seed: 10 + i)).ToArray();
        using var stack = new AdapterStack(backbone, capacity: 4, maxRank: 8);
        for (int i = 0; i < adapters.Length; i++)
            stack.Load(i, adapters[i]);

        int[] slots = [2, 0, 1, 1, 0, 2, 2, 0];
        manual_seed(3);
        var pixels = randn(slots.Length, 3, 32, 32);
        using var inference = inference_mode();
        var mixed = stack.Forward(pixels, slots);

        for (int s = 0; s < slots.Length; s++)
        {
            var adapter = adapters[slots[s]];
            adapter.MergeInto(backbone);
            var expected = adapter.Classify(backbone.ForwardFeatures(pixels.narrow(0, s, 1)))[0];
            adapter.UnmergeFrom(backbone);
            Assert.Equal(Classes[slots[s]], (int)mixed[s].shape[0]);
            Assert.True(TestModels.MaxAbsDiff(mixed[s], expected) < 1e-5, $"sample {s}");
        }
        // The adapters really change the output, so equality above is not trivial.
        Assert.True(TestModels.MaxAbsDiff(stack.ForwardFeatures(pixels, slots), backbone.ForwardFeatures(pixels)) > 1e-3);
    }

    [Fact]
    public void Uniform_batch_equals_unmerged_adapter_forward()
    {
        using var backbone = TestModels.Backbone(TestModels.Tiny(), seed: 8);
        using var adapter = TestModels.Adapter(backbone, Settings[2], 3, seed: 4);
        using var stack = new AdapterStack(backbone, capacity: 2, maxRank: 8);
        stack.Load(1, adapter);
        var pixels = randn(4, 3, 32, 32);
        using var inference = inference_mode();
        var stacked = stack.Forward(pixels, [1, 1, 1, 1]);
        var direct = adapter.Forward(backbone, pixels);
        for (int s = 0; s < 4; s++)
            Assert.True(TestModels.MaxAbsDiff(stacked[s], direct[s]) < 1e-5);
    }

    [Fact]
    public void Cleared_slot_is_refused_and_reloadable()
    {
        using var backbone = TestModels.Backbone(TestModels.Tiny(), seed: 9);
        using var adapter = TestModels.Adapter(backbone, LoraSettings.MeLoDefault, 2, seed: 5);
        using var stack = new AdapterStack(backbone, capacity: 2);
        stack.Load(0, adapter);
        stack.Clear(0);
        var pixels = randn(1, 3, 32, 32);
        Assert.Throws<InvalidOperationException>(() => stack.Forward(pixels, [0]));
        Assert.Throws<ArgumentException>(() => stack.Forward(pixels, [0, 0]));
        stack.Load(0, adapter);
        using var inference = inference_mode();
        Assert.Equal(2, (int)stack.Forward(pixels, [0])[0].shape[0]);
    }
}
