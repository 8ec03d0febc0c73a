using MeLo.Model.Lora;
using MeLo.Model.Vit;
using static TorchSharp.torch;

namespace MeLo.Model.Tests;

/// <summary>Tiny backbones and adapters built in-test, deterministic by seed.</summary>
static class TestModels
{
    public static VitConfig Tiny(int numClasses = 0) => new()
    {
        Name = "tiny-test", ImageSize = 32, PatchSize = 8, Dim = 32, Depth = 2, Heads = 2, MlpDim = 64, NumClasses = numClasses,
    };

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "parity", name);

    public static VisionTransformer Backbone(VitConfig config, long seed)
    {
        manual_seed(seed);
        var backbone = new VisionTransformer(config);
        using (no_grad())
            foreach (var p in backbone.parameters())
                p.normal_(0, 0.1);
        backbone.Freeze();
        backbone.eval();
        backbone.RefreshFingerprint();
        return backbone;
    }

    /// <summary>An adapter with non-zero B, so that it really changes the output.</summary>
    public static LoraAdapter Adapter(VisionTransformer backbone, LoraSettings settings, int classes, long seed)
    {
        var adapter = LoraAdapter.Create(backbone, settings, classes, seed);
        var generator = new Generator((ulong)seed + 1000);
        using (no_grad())
            foreach (var target in settings.Targets)
                adapter.B(target).normal_(0, 0.2, generator);
        return adapter;
    }

    public static double MaxAbsDiff(Tensor a, Tensor b) => (a - b).abs().max().item<float>();
}
