using MeLo.Model.Lora;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MeLo.Model.Vit;

/// <summary>
/// A Vision Transformer whose state-dict keys are timm's (<c>patch_embed.proj</c>, <c>cls_token</c>, <c>pos_embed</c>,
/// <c>norm_pre</c>, <c>blocks.N.*</c>, <c>norm</c>, <c>head</c>). Class-token pooling. Other namings are mapped
/// onto these by <see cref="Checkpoints.CheckpointNaming"/>.
/// </summary>
public sealed class VisionTransformer : nn.Module<Tensor, Tensor>
{
    // Field names are the state-dict keys (timm naming), so they break C# naming on purpose.
    readonly PatchEmbedding patch_embed;
    readonly Parameter cls_token;
    readonly Parameter pos_embed;
    readonly LayerNorm? norm_pre;
    readonly ModuleList<VitBlock> blocks;
    readonly LayerNorm norm;
    readonly Linear? head;

    public VisionTransformer(VitConfig config) : base("vit")
    {
        config.Validate();
        Config = config;
        patch_embed = new PatchEmbedding(config);
        cls_token = nn.Parameter(zeros(1, 1, config.Dim));
        pos_embed = nn.Parameter(randn(1, 1 + config.GridSize * config.GridSize, config.Dim) * 0.02);
        blocks = nn.ModuleList(Enumerable.Range(0, config.Depth).Select(i => new VitBlock(config, i)).ToArray());
        norm = nn.LayerNorm(config.Dim, config.LayerNormEps);
        if (config.PreNorm)
            norm_pre = nn.LayerNorm(config.Dim, config.LayerNormEps);
        if (config.NumClasses > 0)
            head = nn.Linear(config.Dim, config.NumClasses);
        RegisterComponents();
        RefreshFingerprint();
    }

    public VitConfig Config { get; }

    /// <summary>Identity of the current weights (see <see cref="Checkpoints.BackboneFingerprint"/>).</summary>
    public string Fingerprint { get; private set; } = "";

    public BackboneIdentity Identity => new(Config.Name, Fingerprint);

    /// <summary>Recomputes <see cref="Fingerprint"/>; call after replacing the weights (loaders do).</summary>
    public void RefreshFingerprint() => Fingerprint = Checkpoints.BackboneFingerprint.Compute(this);

    public IReadOnlyList<VitBlock> Blocks => blocks.ToArray();

    /// <summary>Logits of the checkpoint's own head.</summary>
    public override Tensor forward(Tensor pixels)
    {
        if (head is null)
            throw new InvalidOperationException($"Backbone '{Config.Name}' has no head (numClasses is 0); attach an adapter.");
        return head.forward(ForwardFeatures(pixels));
    }

    /// <summary>The final-norm class-token feature [B, D], with optional LoRA deltas.</summary>
    public Tensor ForwardFeatures(Tensor pixels, ILoraInjector? lora = null)
    {
        if (pixels.dim() != 4 || pixels.shape[1] != Config.Channels)
            throw new ArgumentException($"Expected pixels [B,{Config.Channels},H,W], got [{string.Join(",", pixels.shape)}].");
        if (pixels.shape[2] % Config.PatchSize != 0 || pixels.shape[3] % Config.PatchSize != 0)
            throw new ArgumentException($"Image size {pixels.shape[2]}x{pixels.shape[3]} is not a multiple of the patch size {Config.PatchSize}.");

        var patches = patch_embed.forward(pixels);
        long batch = patches.shape[0], gridH = patches.shape[2], gridW = patches.shape[3];
        var tokens = patches.flatten(2).transpose(1, 2);
        var x = cat([cls_token.expand(batch, -1, -1), tokens], 1).add(PositionEmbedding(gridH, gridW), TorchScalars.One);
        if (norm_pre is not null)
            x = norm_pre.forward(x);
        foreach (var block in blocks)
            x = block.Forward(x, lora);
        return norm.forward(x).select(1, 0);
    }

    /// <summary>Position embeddings for a gridH×gridW token grid, resized bicubically from the pretraining grid when needed.</summary>
    public Tensor PositionEmbedding(long gridH, long gridW)
    {
        int grid = Config.GridSize;
        if (gridH == grid && gridW == grid)
            return pos_embed;
        var classPosition = pos_embed.narrow(1, 0, 1);
        var gridPositions = pos_embed.narrow(1, 1, (long)grid * grid)
            .reshape(1, grid, grid, Config.Dim).permute(0, 3, 1, 2);
        bool alignCorners = Config.PositionEmbeddingResample == PositionEmbeddingResample.Torchvision;
        var resized = nn.functional.interpolate(gridPositions, size: [gridH, gridW], mode: InterpolationMode.Bicubic, align_corners: alignCorners);
        return cat([classPosition, resized.permute(0, 2, 3, 1).reshape(1, gridH * gridW, Config.Dim)], 1);
    }

    /// <summary>The rows of the weight matrix that a LoRA target adapts in one layer (a view: writes go to the model).</summary>
    public Tensor TargetWeight(int layer, LoraTarget target)
    {
        var block = blocks[layer];
        long dim = Config.Dim;
        return target switch
        {
            LoraTarget.Query => block.Attention.Qkv.weight!.narrow(0, 0, dim),
            LoraTarget.Key => block.Attention.Qkv.weight!.narrow(0, dim, dim),
            LoraTarget.Value => block.Attention.Qkv.weight!.narrow(0, 2 * dim, dim),
            LoraTarget.Output => block.Attention.Projection.weight!,
            LoraTarget.Fc1 => block.Mlp.Fc1.weight!,
            LoraTarget.Fc2 => block.Mlp.Fc2.weight!,
            _ => throw new ArgumentOutOfRangeException(nameof(target)),
        };
    }

    /// <summary>Freezes every backbone parameter (MeLo trains only the LoRA plug-in and the task head).</summary>
    public void Freeze()
    {
        foreach (var parameter in parameters())
            parameter.requires_grad = false;
    }
}
