namespace MeLo.Serving.Abstractions;

/// <summary>One adapter version resident on a silo's device, as the silo reports it to the status view.</summary>
[GenerateSerializer, Immutable, Alias("melo.ResidentAdapter")]
public sealed record ResidentAdapter
{
    [Id(0)] public required string TaskId { get; init; }
    [Id(1)] public required string Version { get; init; }

    /// <summary>task@version, the form the public status API lists (admin.proto <c>resident_adapters</c>).</summary>
    public override string ToString() => $"{TaskId}@{Version}";
}
