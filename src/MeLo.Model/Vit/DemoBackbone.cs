using TorchSharp;
using static TorchSharp.torch;

namespace MeLo.Model.Vit;

/// <summary>
/// An <b>untrained demo backbone</b>: a tiny ViT (64 px, patch 8, dim 96, depth 4, heads 3, mlp 192) with random weights
/// drawn from a seed. It lets training, evaluation and serving run end to end without downloading a checkpoint; its
/// features are random projections, so results on it say nothing about pretrained backbones.
/// The same seed always gives the same weights and therefore the same fingerprint, so adapters trained on it fit again.
/// </summary>
public static class DemoBackbone
{
    public const string Label = "untrained demo backbone";
    public const long DefaultSeed = 0;

    public static VitConfig Config { get; } = new()
    {
        Name = "melo_demo_vit_64", ImageSize = 64, PatchSize = 8, Dim = 96, Depth = 4, Heads = 3, MlpDim = 192,
    };

    /// <summary>Whether a config is the demo backbone's (for labelling results).</summary>
    public static bool IsDemo(VitConfig config) => config.Name == Config.Name;

    /// <summary>A frozen demo backbone in eval mode, initialised by <see cref="InitializeWeights"/>.</summary>
    public static VisionTransformer Create(long seed = DefaultSeed)
    {
        var backbone = new VisionTransformer(Config);
        InitializeWeights(backbone, seed);
        backbone.Freeze();
        backbone.eval();
        backbone.RefreshFingerprint();
        return backbone;
    }

    /// <summary>
    /// Draws every weight from <paramref name="seed"/> as timm initialises a ViT: normal std 0.02 clipped at 2σ, zero
    /// biases, unit norms. Also the starting point of <c>melo pretrain</c>.
    /// </summary>
    public static void InitializeWeights(VisionTransformer model, long seed)
    {
        // A private generator: the weights depend on the seed alone, not on the global RNG's history
        // (nn.init.trunc_normal_ ignores its generator argument in TorchSharp, hence normal_ and clamp_).
        var generator = new Generator((ulong)seed);
        using Scalar low = (-0.04).ToScalar(), high = 0.04.ToScalar(); // held: see TorchScalars
        using (no_grad())
            foreach (var (name, parameter) in model.named_parameters())
            {
                if (name.EndsWith(".bias", StringComparison.Ordinal))
                    parameter.zero_();
                else if (name.StartsWith("norm", StringComparison.Ordinal) || name.Contains(".norm"))
                    parameter.fill_(TorchScalars.One);
                else
                    parameter.normal_(0, 0.02, generator).clamp_(low, high);
            }
    }
}
