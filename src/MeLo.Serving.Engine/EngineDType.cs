namespace MeLo.Serving.Engine;

/// <summary>
/// Precision of the backbone's weights and activations on the device (configuration values fp32, bf16, fp16, any case).
/// Adapters and heads run in the same precision; probabilities are always computed in fp32.
/// </summary>
public enum EngineDType
{
    Fp32,
    Bf16,
    Fp16,
}
