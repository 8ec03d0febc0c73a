namespace MeLo.Serving.Abstractions;

/// <summary>
/// One image the gateway has decoded and preprocessed: CHW floats [3, ImageSize, ImageSize], normalised for the task.
/// Carries no caller id, so nothing that identifies a patient reaches a silo. Immutable: nobody writes the pixels after
/// the gateway made them, so Orleans passes them to a grain in the same process without copying.
/// </summary>
[GenerateSerializer, Immutable, Alias("melo.PreparedImage")]
public sealed record PreparedImage
{
    [Id(0)] public required float[] Pixels { get; init; }
    [Id(1)] public required int ImageSize { get; init; }
    /// <summary>Adapter version; null means the task's active version.</summary>
    [Id(2)] public string? Version { get; init; }
    /// <summary>W3C traceparent of the item's gateway span, when traced; the silo continues the item's trace from it.</summary>
    [Id(3)] public string? TraceParent { get; init; }
}
