using MeLo.Model.Adapters;
using MeLo.Model.Lora;
using MeLo.Model.Vit;
using static TorchSharp.torch;

namespace MeLo.Serving.Engine.Tests;

/// <summary>Backbones, adapters and images, deterministic by seed. Own generators, since xunit runs classes in parallel
/// and the global torch seed is shared.</summary>
static class TestModels
{
    /// <summary>The shared demo backbone (64 px, patch 8); a seed gives its weights and so its fingerprint.</summary>
    public static VisionTransformer Backbone(long seed = DemoBackbone.DefaultSeed) => DemoBackbone.Create(seed);

    /// <summary>An adapter with non-zero B, so that it really changes the output.</summary>
    public static LoraAdapter Adapter(VisionTransformer backbone, int classes, long seed, int rank = 4)
    {
        var settings = new LoraSettings { Rank = rank, Alpha = rank };
        var adapter = LoraAdapter.Create(backbone, settings, classes, seed);
        var generator = new Generator((ulong)seed + 1000);
        using (no_grad())
            foreach (var target in settings.Targets)
                adapter.B(target).normal_(0, 0.3, generator);
        return adapter;
    }

    public static byte[] File(LoraAdapter adapter, string taskId, bool multiLabel = false) =>
        AdapterFile.Serialize(adapter, new AdapterManifest
        {
            TaskId = taskId,
            Labels = Enumerable.Range(0, adapter.NumClasses).Select(i => $"{taskId}-label{i}").ToArray(),
            MultiLabel = multiLabel,
            Thresholds = multiLabel ? Enumerable.Range(0, adapter.NumClasses).Select(i => 0.3f + 0.1f * i).ToArray() : [],
        });

    public static long DeviceBytes(LoraAdapter adapter) => adapter.parameters().Sum(p => p.numel()) * sizeof(float);

    public static float[] Image(int size, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 3 * size * size).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
    }

    /// <summary>The model core's own answer: LoraAdapter.Forward on the same pixels, then softmax or sigmoid.</summary>
    public static float[] Expected(LoraAdapter adapter, VisionTransformer reference, float[] pixels, int size, bool multiLabel)
    {
        using var inference = inference_mode();
        using var scope = NewDisposeScope();
        var logits = adapter.Forward(reference, tensor(pixels, [1, 3, size, size]))[0];
        return (multiLabel ? logits.sigmoid() : logits.softmax(-1)).data<float>().ToArray();
    }

    public static void AssertClose(float[] expected, float[] actual, double tolerance = 1e-5)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"probability {i}: expected {expected[i]}, got {actual[i]}");
    }
}
