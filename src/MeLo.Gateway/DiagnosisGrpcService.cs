using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Google.Rpc;
using Grpc.Core;
using MeLo.Gateway.Security;
using MeLo.Grid.Protos.V1;
using MeLo.Serving.Abstractions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace MeLo.Gateway;

/// <summary>
/// melo.v1.DiagnosisService. Items are prepared on the gateway's CPU and sent to adapter grains; the silos' engines batch
/// them with everything else they are serving. The call's cancellation token (client cancel or deadline) flows into the
/// grain calls and on into the engine queues.
/// </summary>
[Authorize(Policy = MeLoPolicies.Diagnose)]
public sealed class DiagnosisGrpcService(
    PreprocessingCache preprocessing, ReplicaRouter router, GatewayTelemetry telemetry, IOptions<GatewayOptions> options, ImageDecodeGate decodes)
    : DiagnosisService.DiagnosisServiceBase
{
    public override async Task<DiagnoseResponse> Diagnose(DiagnoseRequest request, ServerCallContext context)
    {
        var items = request.Items;
        var limits = options.Value;
        if (items.Count > limits.MaxItemsPerRequest)
            throw new ServingFaultException(FaultKind.InvalidArgument,
                $"{items.Count} items exceed the limit of {limits.MaxItemsPerRequest} per request; use DiagnoseStream.", "items");
        using var activity = GatewayTelemetry.Source.StartActivity("melo.diagnose");
        activity?.SetTag("melo.items", items.Count);
        long received = Stopwatch.GetTimestamp();
        var token = context.CancellationToken;

        var prepared = await Task.WhenAll(items.Select(item => PrepareAsync(item, token)));
        var violations = prepared
            .Select((p, i) => p.Fault is { Kind: FaultKind.InvalidArgument } fault
                ? new BadRequest.Types.FieldViolation { Field = $"items[{i}].{fault.Field ?? "input"}", Description = fault.Message }
                : null)
            .OfType<BadRequest.Types.FieldViolation>()
            .ToList();
        if (violations.Count > 0)
            throw Fail(items.Count, FaultStatus.ToStatus(FaultKind.InvalidArgument, $"{violations.Count} of {items.Count} items are invalid.", violations), received);
        if (prepared.Select(p => p.Fault).FirstOrDefault(f => f is not null) is { } lookupFault)
            throw Fail(items.Count, FaultStatus.ToStatus(lookupFault), received);

        var outcomes = new DiagnosisOutcome[items.Count];
        var calls = Enumerable.Range(0, items.Count)
            .GroupBy(i => items[i].Task)
            .SelectMany(task => task.Chunk(limits.MaxItemsPerGrainCall).Select(chunk => CallAsync(task.Key, chunk)));
        await Task.WhenAll(calls);
        if (outcomes.Select(o => o.Fault).FirstOrDefault(f => f is not null) is { } fault)
            throw Fail(items.Count, FaultStatus.ToStatus(fault), received);

        var response = new DiagnoseResponse();
        for (int i = 0; i < items.Count; i++)
        {
            response.Answers.Add(new DiagnosisAnswer { Id = items[i].Id, Result = ToResult(items[i], outcomes[i].Result!, received) });
            telemetry.Answered(items[i].Task, StatusCode.OK, Elapsed(received));
        }
        return response;

        async Task CallAsync(string taskId, int[] indices)
        {
            var (grain, lease) = router.Route(taskId, indices.Length);
            using (lease)
            {
                var results = await grain.DiagnoseAsync([.. indices.Select(i => prepared[i].Image!)], token);
                for (int j = 0; j < indices.Length; j++)
                    outcomes[indices[j]] = results[j];
            }
        }
    }

    public override async Task DiagnoseStream(IAsyncStreamReader<DiagnosisItem> requestStream, IServerStreamWriter<DiagnosisAnswer> responseStream, ServerCallContext context)
    {
        using var activity = GatewayTelemetry.Source.StartActivity("melo.diagnose_stream");
        int bound = options.Value.MaxInFlightPerStream;
        // A slot is taken before an item is read and given back once its answer is written: with `bound` items
        // outstanding the gateway stops reading, and a client that stops reading answers stops being read from.
        // Not disposed: after a failed call, items still in flight may release their slots.
        var slots = new SemaphoreSlim(bound, bound);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var answers = Channel.CreateUnbounded<DiagnosisAnswer>(new UnboundedChannelOptions { SingleReader = true });
        var writer = WriteAnswersAsync(answers.Reader, responseStream, slots, stop);
        long count = 0;
        Exception? failure = null;
        try
        {
            while (true)
            {
                await slots.WaitAsync(stop.Token);
                if (!await requestStream.MoveNext(stop.Token))
                    break;
                count++;
                _ = AnswerAsync(requestStream.Current, answers.Writer, context, stop.Token);
            }
            // The end of the request stream holds one slot; taking the rest means every item has been answered.
            for (int i = 1; i < bound; i++)
                await slots.WaitAsync(stop.Token);
        }
        catch (Exception e)
        {
            failure = e;
            await stop.CancelAsync();
        }
        activity?.SetTag("melo.items", count);
        answers.Writer.TryComplete();
        try
        {
            await writer;
        }
        catch when (failure is not null)
        {
            // The reading side's failure is the one to report.
        }
        if (failure is not null)
            ExceptionDispatchInfo.Throw(failure);
    }

    async Task AnswerAsync(DiagnosisItem item, ChannelWriter<DiagnosisAnswer> answers, ServerCallContext context, CancellationToken token)
    {
        long received = Stopwatch.GetTimestamp();
        DiagnosisAnswer answer;
        try
        {
            answer = await DiagnoseOneAsync(item, received, token);
        }
        catch (Exception e)
        {
            answer = new DiagnosisAnswer { Id = item.Id, Error = FaultStatus.ToStatus(FaultStatus.FromException(e, context)) };
        }
        telemetry.Answered(answer.Result?.Task, answer.Error is { } error ? (StatusCode)error.Code : StatusCode.OK, Elapsed(received));
        answers.TryWrite(answer);
    }

    async Task<DiagnosisAnswer> DiagnoseOneAsync(DiagnosisItem item, long received, CancellationToken token)
    {
        var (image, fault) = await PrepareAsync(item, token);
        if (fault is null)
        {
            var (grain, lease) = router.Route(item.Task, 1);
            using (lease)
            {
                var outcome = (await grain.DiagnoseAsync([image!], token))[0];
                if (outcome.Result is { } result)
                    return new DiagnosisAnswer { Id = item.Id, Result = ToResult(item, result, received) };
                fault = outcome.Fault!;
            }
        }
        return new DiagnosisAnswer { Id = item.Id, Error = FaultStatus.ToStatus(fault) };
    }

    async Task<(PreparedImage? Image, ServingFault? Fault)> PrepareAsync(DiagnosisItem item, CancellationToken token)
    {
        if (ImagePreparer.Validate(item) is { } invalid)
            return (null, invalid);
        PreprocessingSettings settings;
        try
        {
            settings = await preprocessing.GetAsync(item.Task, item.HasAdapterVersion ? item.AdapterVersion : null, token);
        }
        catch (ServingFaultException e)
        {
            return (null, e.Fault);
        }
        return await decodes.PrepareAsync(item, settings, token);
    }

    RpcException Fail(int items, Google.Rpc.Status status, long received)
    {
        for (int i = 0; i < items; i++)
            telemetry.Answered(null, (StatusCode)status.Code, Elapsed(received));
        return status.ToRpcException();
    }

    static async Task WriteAnswersAsync(ChannelReader<DiagnosisAnswer> answers, IServerStreamWriter<DiagnosisAnswer> stream, SemaphoreSlim slots, CancellationTokenSource stop)
    {
        try
        {
            await foreach (var answer in answers.ReadAllAsync(stop.Token))
            {
                await stream.WriteAsync(answer, stop.Token);
                slots.Release();
            }
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
    }

    static DiagnosisResult ToResult(DiagnosisItem item, Diagnosis diagnosis, long received)
    {
        // No answer ever carries NaN: a score that is not a number says the input was out of the model's range.
        if (!Array.TrueForAll(diagnosis.Probabilities, float.IsFinite))
            throw new ServingFaultException(FaultKind.InvalidArgument, "The input gave non-finite scores; it is outside the model's range.", "input");
        var result = new DiagnosisResult
        {
            Id = item.Id,
            Task = diagnosis.TaskId,
            AdapterVersion = diagnosis.AdapterVersion,
            PredictedLabels = { diagnosis.PredictedLabels },
            Timings = new Timings
            {
                QueueMs = diagnosis.QueueTime.TotalMilliseconds,
                ComputeMs = diagnosis.ComputeTime.TotalMilliseconds,
                TotalMs = Elapsed(received),
            },
            Silo = diagnosis.Silo,
            BatchSize = diagnosis.BatchSize,
        };
        for (int i = 0; i < diagnosis.Labels.Length; i++)
            result.Probabilities.Add(new ClassProbability { Label = diagnosis.Labels[i], Probability = diagnosis.Probabilities[i] });
        return result;
    }

    static double Elapsed(long since) => Stopwatch.GetElapsedTime(since).TotalMilliseconds;
}
