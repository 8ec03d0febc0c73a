using TorchSharp;
using static TorchSharp.torch;

namespace MeLo.Serving.Engine;

/// <summary>Parsing, torch types and sizes of <see cref="EngineDType"/>.</summary>
public static class EngineDTypes
{
    /// <summary>The names the CLI and configuration accept.</summary>
    public static IReadOnlyList<string> Names { get; } = ["fp32", "bf16", "fp16"];

    /// <exception cref="ArgumentException">Not fp32, bf16 or fp16 (any case).</exception>
    public static EngineDType Parse(string value) => value.ToLowerInvariant() switch
    {
        "fp32" or "float32" => EngineDType.Fp32,
        "bf16" or "bfloat16" => EngineDType.Bf16,
        "fp16" or "float16" => EngineDType.Fp16,
        _ => throw new ArgumentException($"dtype must be {string.Join(", ", Names)}, not '{value}'."),
    };

    public static string Name(this EngineDType dtype) => Names[(int)dtype];

    public static ScalarType ScalarType(this EngineDType dtype) => dtype switch
    {
        EngineDType.Bf16 => torch.ScalarType.BFloat16,
        EngineDType.Fp16 => torch.ScalarType.Float16,
        _ => torch.ScalarType.Float32,
    };

    public static int ElementSize(this EngineDType dtype) => dtype == EngineDType.Fp32 ? 4 : 2;
}
