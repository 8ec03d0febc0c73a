namespace MeLo.Serving.Grains.Storage;

/// <summary>One stored version's bookkeeping; its bytes live in an <see cref="IAdapterBlobGrain"/>.</summary>
[GenerateSerializer, Alias("melo.StoredAdapterVersion")]
public sealed record StoredAdapterVersion
{
    [Id(0)] public required string Version { get; init; }
    [Id(1)] public required long SizeBytes { get; init; }
    /// <summary>The manifest as stored in the file (JSON), so that listing never reads the file.</summary>
    [Id(2)] public required string ManifestJson { get; init; }
}
