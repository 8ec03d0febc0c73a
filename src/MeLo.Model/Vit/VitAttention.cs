using MeLo.Model.Lora;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MeLo.Model.Vit;

/// <summary>Multi-head self-attention with a fused q|k|v projection (timm <c>attn.qkv</c>, torchvision <c>in_proj</c>).</summary>
public sealed class VitAttention : nn.Module
{
    readonly Linear qkv;
    readonly Linear proj;
    readonly int _dim;
    readonly int _heads;

    public VitAttention(VitConfig config) : base("attn")
    {
        _dim = config.Dim;
        _heads = config.Heads;
        qkv = nn.Linear(config.Dim, 3L * config.Dim);
        proj = nn.Linear(config.Dim, config.Dim);
        RegisterComponents();
    }

    public Linear Qkv => qkv;
    public Linear Projection => proj;

    public Tensor Forward(Tensor x, int layer, ILoraInjector? lora)
    {
        long batch = x.shape[0], tokens = x.shape[1];
        var fused = qkv.forward(x);
        if (lora is not null)
        {
            // LoRA adds into the q, k and v slices of the fused output, exactly as MeLo wraps timm's qkv.
            lora.Inject(layer, LoraTarget.Query, x, fused.narrow(-1, 0, _dim));
            lora.Inject(layer, LoraTarget.Key, x, fused.narrow(-1, _dim, _dim));
            lora.Inject(layer, LoraTarget.Value, x, fused.narrow(-1, 2L * _dim, _dim));
        }
        var heads = fused.reshape(batch, tokens, 3, _heads, _dim / _heads).permute(2, 0, 3, 1, 4);
        var attended = nn.functional.scaled_dot_product_attention(heads[0], heads[1], heads[2]);
        var merged = attended.transpose(1, 2).reshape(batch, tokens, _dim);
        var output = proj.forward(merged);
        lora?.Inject(layer, LoraTarget.Output, merged, output);
        return output;
    }
}
