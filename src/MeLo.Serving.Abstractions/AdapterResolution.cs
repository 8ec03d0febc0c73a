namespace MeLo.Serving.Abstractions;

/// <summary>
/// The adapter version a task's items run on and how their images must be preprocessed. The gateway resolves it once per
/// version and sends the version with every item, so that an image is always normalised for the version it runs on.
/// </summary>
[GenerateSerializer, Immutable, Alias("melo.AdapterResolution")]
public sealed record AdapterResolution
{
    [Id(0)] public required string Version { get; init; }
    [Id(1)] public required PreprocessingSettings Preprocessing { get; init; }
}
