using MeLo.Serving.Engine;

namespace MeLo.Serving.Grains.Uploads;

/// <summary>What one serving silo's engine can host, as it reports it: the backbone's identity and shape, and its MaxRank.</summary>
[GenerateSerializer, Immutable, Alias("melo.ServedBackbone")]
public sealed record ServedBackbone
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required string Fingerprint { get; init; }
    [Id(2)] public required int PatchSize { get; init; }
    [Id(3)] public required int Dim { get; init; }
    [Id(4)] public required int Depth { get; init; }
    [Id(5)] public required int MlpDim { get; init; }
    [Id(6)] public required int Channels { get; init; }
    [Id(7)] public required int MaxRank { get; init; }

    public static ServedBackbone From(EngineCapabilities capabilities) => new()
    {
        Name = capabilities.Backbone.Config,
        Fingerprint = capabilities.Backbone.Fingerprint,
        PatchSize = capabilities.Config.PatchSize,
        Dim = capabilities.Config.Dim,
        Depth = capabilities.Config.Depth,
        MlpDim = capabilities.Config.MlpDim,
        Channels = capabilities.Config.Channels,
        MaxRank = capabilities.MaxRank,
    };

    public override string ToString() => $"'{Name}' (weights {Fingerprint}; dim {Dim}, depth {Depth}, mlp {MlpDim}, patch {PatchSize})";
}
