using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MeLo.Model.Vit;

/// <summary>Non-overlapping patch projection (timm <c>patch_embed.proj</c>): [B,C,H,W] → [B,D,H/P,W/P].</summary>
public sealed class PatchEmbedding : nn.Module<Tensor, Tensor>
{
    readonly Conv2d proj;

    public PatchEmbedding(VitConfig config) : base("patch_embed")
    {
        proj = nn.Conv2d(config.Channels, config.Dim, config.PatchSize, stride: config.PatchSize, bias: config.PatchBias);
        RegisterComponents();
    }

    public Conv2d Projection => proj;

    public override Tensor forward(Tensor pixels) => proj.forward(pixels);
}
