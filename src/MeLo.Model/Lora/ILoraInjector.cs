using TorchSharp;

namespace MeLo.Model.Lora;

/// <summary>
/// Adds LoRA deltas inside a backbone forward. The backbone calls it for every adaptable linear map;
/// the injector adds <c>scale·B·A·input</c> in place into <paramref name="output"/> (a view of the map's result).
/// </summary>
public interface ILoraInjector
{
    void Inject(int layer, LoraTarget target, torch.Tensor input, torch.Tensor output);
}
