namespace MeLo.Serving.Abstractions;

/// <summary>Exactly one of <see cref="Result"/> and <see cref="Fault"/>: items of one batch fail independently.</summary>
[GenerateSerializer, Alias("melo.DiagnosisOutcome")]
public sealed record DiagnosisOutcome
{
    [Id(0)] public Diagnosis? Result { get; init; }
    [Id(1)] public ServingFault? Fault { get; init; }

    public static DiagnosisOutcome Success(Diagnosis result) => new() { Result = result };

    public static DiagnosisOutcome Failure(ServingFault fault) => new() { Fault = fault };
}
