using MeLo.Model.Lora;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MeLo.Model.Vit;

/// <summary>A pre-norm transformer block: x + attn(norm1(x)), then x + mlp(norm2(x)).</summary>
public sealed class VitBlock : nn.Module
{
    readonly LayerNorm norm1;
    readonly VitAttention attn;
    readonly LayerNorm norm2;
    readonly VitMlp mlp;
    readonly int _layer;

    public VitBlock(VitConfig config, int layer) : base($"block{layer}")
    {
        _layer = layer;
        norm1 = nn.LayerNorm(config.Dim, config.LayerNormEps);
        attn = new VitAttention(config);
        norm2 = nn.LayerNorm(config.Dim, config.LayerNormEps);
        mlp = new VitMlp(config);
        RegisterComponents();
    }

    public VitAttention Attention => attn;
    public VitMlp Mlp => mlp;

    public Tensor Forward(Tensor x, ILoraInjector? lora)
    {
        // add with a rooted alpha, not `+`: see TorchScalars.
        x = x.add(attn.Forward(norm1.forward(x), _layer, lora), TorchScalars.One);
        return x.add(mlp.Forward(norm2.forward(x), _layer, lora), TorchScalars.One);
    }
}
