namespace MeLo.Serving.Abstractions;

/// <summary>How the gateway must prepare images for one adapter version: square size and per-channel mean/std.</summary>
[GenerateSerializer, Alias("melo.PreprocessingSettings")]
public sealed record PreprocessingSettings
{
    [Id(0)] public required int ImageSize { get; init; }
    [Id(1)] public required float[] Mean { get; init; }
    [Id(2)] public required float[] Std { get; init; }
}
