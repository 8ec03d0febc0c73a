using MeLo.Model.Adapters;
using MeLo.Serving.Abstractions;
using MeLo.Serving.Engine;

namespace MeLo.Serving.Grains;

/// <summary>Turns engine and repository exceptions into transport-neutral faults; null for unexpected ones (bugs).</summary>
static class EngineFaults
{
    public static ServingFault? From(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        TaskNotFoundException e => Fault(FaultKind.NotFound, e.Message),
        // Field names as the API spells them: the engine's pixels and image size come from the item's input.
        InvalidInferenceInputException e => Fault(FaultKind.InvalidArgument, e.Message, e.Field == "taskId" ? "task" : "input"),
        EngineOverloadedException e => Fault(FaultKind.Overloaded, e.Message),
        OperationCanceledException when cancellationToken.IsCancellationRequested => Fault(FaultKind.Cancelled, "The request was cancelled."),
        BackboneMismatchException e => Fault(FaultKind.FailedPrecondition, e.Message),
        AdapterNotHostableException e => Fault(FaultKind.FailedPrecondition, e.Message),
        AdapterCapacityExceededException e => Fault(FaultKind.Overloaded, e.Message),
        AdapterFormatException e => Fault(FaultKind.InvalidArgument, e.Message, "chunk"),
        _ => null,
    };

    static ServingFault Fault(FaultKind kind, string message, string? field = null) => new() { Kind = kind, Message = message, Field = field };
}
