namespace MeLo.Serving.Abstractions;

/// <summary>
/// A failure described as data, so that it crosses silo boundaries intact (Orleans only keeps the message of exception
/// types outside its allow-list). <see cref="Field"/> names the offending request field for invalid input.
/// Messages never contain pixel values or caller ids.
/// </summary>
[GenerateSerializer, Alias("melo.ServingFault")]
public sealed record ServingFault
{
    [Id(0)] public required FaultKind Kind { get; init; }
    [Id(1)] public required string Message { get; init; }
    [Id(2)] public string? Field { get; init; }
}
