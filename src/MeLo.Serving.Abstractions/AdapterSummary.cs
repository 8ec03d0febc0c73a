namespace MeLo.Serving.Abstractions;

/// <summary>One stored adapter version with its manifest's metadata and metrics (what the adapter API shows).</summary>
[GenerateSerializer, Alias("melo.AdapterSummary")]
public sealed record AdapterSummary
{
    [Id(0)] public required string TaskId { get; init; }
    [Id(1)] public required string Version { get; init; }
    [Id(2)] public bool Active { get; init; }
    [Id(3)] public long SizeBytes { get; init; }
    [Id(4)] public string DisplayName { get; init; } = "";
    [Id(5)] public string[] Labels { get; init; } = [];
    [Id(6)] public bool MultiLabel { get; init; }
    [Id(7)] public float[] Thresholds { get; init; } = [];
    [Id(8)] public int Rank { get; init; }
    [Id(9)] public double Alpha { get; init; }
    [Id(10)] public string[] Targets { get; init; } = [];
    [Id(11)] public PreprocessingSettings? Preprocessing { get; init; }
    [Id(12)] public string Backbone { get; init; } = "";
    [Id(13)] public string BackboneFingerprint { get; init; } = "";
    [Id(14)] public Dictionary<string, double> Metrics { get; init; } = [];
    [Id(15)] public string Source { get; init; } = "";
    [Id(16)] public DateTimeOffset? CreatedAt { get; init; }
}
