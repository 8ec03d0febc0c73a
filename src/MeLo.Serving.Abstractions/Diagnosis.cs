namespace MeLo.Serving.Abstractions;

/// <summary>A silo's answer for one <see cref="PreparedImage"/>.</summary>
[GenerateSerializer, Alias("melo.Diagnosis")]
public sealed record Diagnosis
{
    [Id(0)] public required string TaskId { get; init; }
    [Id(1)] public required string AdapterVersion { get; init; }
    [Id(2)] public required string[] Labels { get; init; }
    [Id(3)] public required float[] Probabilities { get; init; }
    [Id(4)] public required string[] PredictedLabels { get; init; }
    [Id(5)] public TimeSpan QueueTime { get; init; }
    [Id(6)] public TimeSpan ComputeTime { get; init; }
    [Id(7)] public int BatchSize { get; init; }
    /// <summary>The silo whose engine computed it.</summary>
    [Id(8)] public required string Silo { get; init; }
}
