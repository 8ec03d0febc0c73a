using MeLo.Serving.Abstractions;
using MeLo.Serving.Engine;
using MeLo.Serving.Grains.Placement;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace MeLo.Serving.Grains;

/// <summary>
/// Hands one task's items to this silo's engine. Reentrant and stateless: the engine does the batching (across calls and
/// tasks) and owns the device, so the grain only adds routing. Replicas ("task#k") spread a hot task over silos.
/// </summary>
[Reentrant]
[AdapterPlacement]
sealed partial class AdapterGrain(
    IInferenceEngine engine, ILocalSiloDetails silo, LocalAdapterActivations activations, ILogger<AdapterGrain> logger) : Grain, IAdapterGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        activations.Activated(TaskId);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        activations.Deactivated(TaskId);
        return Task.CompletedTask;
    }

    string TaskId => AdapterGrainKey.TaskOf(this.GetPrimaryKeyString());

    public Task<DiagnosisOutcome[]> DiagnoseAsync(PreparedImage[] items, CancellationToken cancellationToken) =>
        Task.WhenAll(items.Select(item => DiagnoseAsync(item, cancellationToken)));

    public async Task<PreprocessingSettings> GetPreprocessingAsync(string? version, CancellationToken cancellationToken)
    {
        try
        {
            var preprocessing = await engine.GetPreprocessingAsync(TaskId, version, cancellationToken);
            return new PreprocessingSettings { ImageSize = preprocessing.ImageSize, Mean = preprocessing.Mean, Std = preprocessing.Std };
        }
        catch (Exception e) when (EngineFaults.From(e, cancellationToken) is { } fault)
        {
            throw new ServingFaultException(fault);
        }
    }

    async Task<DiagnosisOutcome> DiagnoseAsync(PreparedImage item, CancellationToken cancellationToken)
    {
        try
        {
            var result = await engine.InferAsync(new InferenceRequest(TaskId, item.Pixels, item.ImageSize, item.Version), cancellationToken);
            return DiagnosisOutcome.Success(new Diagnosis
            {
                TaskId = result.TaskId,
                AdapterVersion = result.AdapterVersion,
                Labels = [.. result.Labels],
                Probabilities = result.Probabilities,
                PredictedLabels = [.. result.PredictedLabels],
                QueueTime = result.QueueTime,
                ComputeTime = result.ComputeTime,
                BatchSize = result.BatchSize,
                Silo = silo.Name,
            });
        }
        catch (Exception e)
        {
            if (EngineFaults.From(e, cancellationToken) is { } fault)
                return DiagnosisOutcome.Failure(fault);
            // Only the exception type and task: messages of unexpected exceptions might quote input.
            LogUnexpected(TaskId, e.GetType().FullName);
            return DiagnosisOutcome.Failure(new ServingFault { Kind = FaultKind.Internal, Message = "Internal error while diagnosing the item." });
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected {ExceptionType} while diagnosing an item of task {TaskId}.")]
    partial void LogUnexpected(string taskId, string? exceptionType);
}
