using MeLo.Model.Lora;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MeLo.Model.Vit;

/// <summary>The block's two-layer MLP (timm <c>mlp.fc1</c>/<c>mlp.fc2</c>).</summary>
public sealed class VitMlp : nn.Module
{
    readonly Linear fc1;
    readonly Linear fc2;
    readonly VitActivation _activation;

    public VitMlp(VitConfig config) : base("mlp")
    {
        _activation = config.Activation;
        fc1 = nn.Linear(config.Dim, config.MlpDim);
        fc2 = nn.Linear(config.MlpDim, config.Dim);
        RegisterComponents();
    }

    public Linear Fc1 => fc1;
    public Linear Fc2 => fc2;

    public Tensor Forward(Tensor x, int layer, ILoraInjector? lora)
    {
        var hidden = fc1.forward(x);
        lora?.Inject(layer, LoraTarget.Fc1, x, hidden);
        hidden = _activation == VitActivation.QuickGelu
            ? hidden.mul(nn.functional.sigmoid(hidden.mul(TorchScalars.QuickGeluSlope)))
            : nn.functional.gelu(hidden);
        var output = fc2.forward(hidden);
        lora?.Inject(layer, LoraTarget.Fc2, hidden, output);
        return output;
    }
}
