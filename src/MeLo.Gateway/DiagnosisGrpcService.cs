using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Google.Rpc;
using Grpc.Core;
using MeLo.Gateway.Security;
using MeLo.Grid.Protos.V1;
using MeLo.Serving.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace MeLo.Gateway;

/// <summary>
/// melo.v1.DiagnosisService. Items are prepared on the gateway's CPU for the adapter version resolved for them, then grouped
/// per task (<see cref="TaskBatcher"/>) into grain calls; the silos' engines batch them with everything else they are
/// serving. The call's cancellation token (client cancel or deadline) flows into the grain calls and on into the engine queues.
/// </summary>
[Authorize(Policy = MeLoPolicies.Diagnose)]
public sealed class DiagnosisGrpcService(
    AdapterResolutionCache resolutions, ReplicaRouter router, GrainCallRetry retry, GatewayTelemetry telemetry, IOptions<GatewayOptions> options,
    IHostApplicationLifetime lifetime, ImageDecodeGate decodes, ClientLimits clientLimits)
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
        if (clientLimits.TakeImages(ClientLimits.PrincipalOf(context), items.Count) is { } limited)
            throw Fail(items.Count, FaultStatus.ToStatus(limited), received);

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

        var batcher = Batcher(token);
        var calls = prepared.Select((p, i) => batcher.SubmitAsync(items[i].Task, p.Image!)).ToArray();
        batcher.FlushAll();
        var outcomes = await Task.WhenAll(calls);
        if (outcomes.Select(o => o.Fault).FirstOrDefault(f => f is not null) is { } fault)
            throw Fail(items.Count, FaultStatus.ToStatus(fault), received);

        var response = new DiagnoseResponse();
        for (int i = 0; i < items.Count; i++)
        {
            response.Answers.Add(new DiagnosisAnswer { Id = items[i].Id, Result = ToResult(items[i], outcomes[i].Result!, received) });
            telemetry.Answered(items[i].Task, StatusCode.OK, Elapsed(received));
        }
        return response;
    }

    public override async Task DiagnoseStream(IAsyncStreamReader<DiagnosisItem> requestStream, IServerStreamWriter<DiagnosisAnswer> responseStream, ServerCallContext context)
    {
        using var activity = GatewayTelemetry.Source.StartActivity("melo.diagnose_stream");
        using var open = clientLimits.OpenStream(context);
        var principal = ClientLimits.PrincipalOf(context);
        int bound = options.Value.MaxInFlightPerStream;
        // A slot is taken before an item is read and given back once its answer is written: with `bound` items
        // outstanding the gateway stops reading, and a client that stops reading answers stops being read from.
        // Not disposed: after a failed call, items still in flight may release their slots.
        var slots = new SemaphoreSlim(bound, bound);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var answers = Channel.CreateUnbounded<DiagnosisAnswer>(new UnboundedChannelOptions { SingleReader = true });
        var writer = WriteAnswersAsync(answers.Reader, responseStream, slots, stop);
        var batcher = Batcher(stop.Token);
        long count = 0;
        bool draining = false;
        Exception? failure = null;
        try
        {
            var stoppingSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var onStopping = lifetime.ApplicationStopping.Register(() => stoppingSignal.TrySetResult());
            var stopping = stoppingSignal.Task;
            while (true)
            {
                await slots.WaitAsync(stop.Token);
                var next = requestStream.MoveNext(stop.Token);
                // Shutting down (SIGTERM): stop reading, answer what was read, then tell the client to reconnect.
                if (await Task.WhenAny(next, stopping) != next || lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    draining = true;
                    break;
                }
                if (!await next)
                    break;
                count++;
                telemetry.InFlight(bound - slots.CurrentCount);
                _ = AnswerAsync(requestStream.Current, principal, batcher, answers.Writer, context, stop.Token);
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
        if (draining)
            throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable,
                $"The gateway is shutting down after answering {count} item(s); reconnect and send the items that got no answer."));
    }

    async Task AnswerAsync(DiagnosisItem item, string principal, TaskBatcher batcher, ChannelWriter<DiagnosisAnswer> answers, ServerCallContext context, CancellationToken token)
    {
        long received = Stopwatch.GetTimestamp();
        // One child span per item of the stream; its context travels with the prepared image to the silo.
        using var activity = GatewayTelemetry.Source.StartActivity("melo.diagnose_item");
        DiagnosisAnswer answer;
        try
        {
            // Over the rate limit, this item alone is refused; the stream goes on.
            answer = clientLimits.TakeImages(principal, 1) is { } limited
                ? new DiagnosisAnswer { Id = item.Id, Error = FaultStatus.ToStatus(limited) }
                : await DiagnoseOneAsync(item, batcher, received, token);
        }
        catch (Exception e)
        {
            answer = new DiagnosisAnswer { Id = item.Id, Error = FaultStatus.ToStatus(FaultStatus.FromException(e, context)) };
        }
        if (activity is not null)
        {
            activity.SetTag("rpc.grpc.status_code", answer.Error?.Code ?? 0);
            if (answer.Error is not null)
                activity.SetStatus(ActivityStatusCode.Error);
        }
        telemetry.Answered(answer.Result?.Task, answer.Error is { } error ? (StatusCode)error.Code : StatusCode.OK, Elapsed(received));
        answers.TryWrite(answer);
    }

    async Task<DiagnosisAnswer> DiagnoseOneAsync(DiagnosisItem item, TaskBatcher batcher, long received, CancellationToken token)
    {
        var (image, fault) = await PrepareAsync(item, token);
        if (fault is null)
        {
            var outcome = await batcher.SubmitAsync(item.Task, image!);
            if (outcome.Result is { } result)
                return new DiagnosisAnswer { Id = item.Id, Result = ToResult(item, result, received) };
            fault = outcome.Fault!;
        }
        return new DiagnosisAnswer { Id = item.Id, Error = FaultStatus.ToStatus(fault) };
    }

    TaskBatcher Batcher(CancellationToken token) =>
        new(router, retry, options.Value.GroupingWindow, options.Value.MaxItemsPerGrainCall, token);

    /// <summary>Resolves the item's adapter version once (cached) and prepares its image for exactly that version.</summary>
    async Task<(PreparedImage? Image, ServingFault? Fault)> PrepareAsync(DiagnosisItem item, CancellationToken token)
    {
        telemetry.Received(item.CalculateSize());
        if (ImagePreparer.Validate(item) is { } invalid)
            return (null, invalid);
        AdapterResolution resolution;
        try
        {
            resolution = await resolutions.GetAsync(item.Task, item.HasAdapterVersion ? item.AdapterVersion : null, token);
        }
        catch (ServingFaultException e)
        {
            return (null, e.Fault);
        }
        long start = Stopwatch.GetTimestamp();
        var (image, fault) = await decodes.PrepareAsync(item, resolution, token);
        telemetry.Decoded(Stopwatch.GetElapsedTime(start));
        // Items of one task share a grain call, whose span belongs to one of them: each carries its own trace context.
        return (image is null || Activity.Current is null ? image : image with { TraceParent = Activity.Current.Id }, fault);
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
