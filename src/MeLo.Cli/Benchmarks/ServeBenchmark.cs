using System.Globalization;
using System.Diagnostics;
using Grpc.Core;
using MeLo.Grid.Protos.V1;
using MeLo.Gateway.Security;
using MeLo.Hosting;
using MeLo.Model.Adapters;
using MeLo.Model.Vit;
using MeLo.Serving.Engine;
using Microsoft.Extensions.DependencyInjection;
using Tensor = MeLo.Grid.Protos.V1.Tensor;

namespace MeLo.Cli.Benchmarks;

/// <summary>
/// One run, one backbone (random weights): first <see cref="EngineBenchmark"/> in process (Mixed, Grouped/Merge,
/// Grouped/Select), then the same workload (task count, request count, closed loop of the same concurrency, same batching)
/// as one DiagnoseStream through a gateway and a silo in this process, alternating single-task and mixed-task rounds.
/// </summary>
public static class ServeBenchmark
{
    const int DistinctImages = 8;

    public static async Task<ServeBenchmarkReport> RunAsync(VitConfig config, EngineBenchmarkSettings settings, CancellationToken cancellationToken = default)
    {
        settings.Validate();
        TorchSharp.torch.manual_seed(settings.Seed);
        var backbone = new VisionTransformer(config with { NumClasses = 0 });
        backbone.Freeze();
        backbone.eval();
        var engine = await EngineBenchmark.RunAsync(backbone, settings, cancellationToken);
        var gateway = await RunGatewayAsync(backbone, settings, cancellationToken);
        return new ServeBenchmarkReport(engine, gateway);
    }

    static async Task<GatewayBenchmarkResult> RunGatewayAsync(VisionTransformer backbone, EngineBenchmarkSettings settings, CancellationToken cancellationToken)
    {
        int size = settings.ImageSize ?? backbone.Config.ImageSize;
        var random = new Random(settings.Seed);
        var taskIds = Enumerable.Range(0, settings.Tasks).Select(i => $"bench-task-{i}").ToArray();
        var single = Enumerable.Repeat(taskIds[0], settings.Requests).ToArray();
        var mixed = Enumerable.Range(0, settings.Requests).Select(_ => taskIds[random.Next(taskIds.Length)]).ToArray();
        // More warm-up than the engine needs: the gateway path has more code for the JIT to tier up.
        var warmup = Enumerable.Range(0, Math.Max(settings.WarmupRequests, 4 * settings.Concurrency)).Select(i => taskIds[i % taskIds.Length]).ToArray();
        var images = Enumerable.Range(0, DistinctImages)
            .Select(_ => new Tensor { Values = { Enumerable.Range(0, 3 * size * size).Select(_ => (float)(random.NextDouble() * 4 - 2)) }, Shape = { 3, size, size } })
            .ToArray();
        var adapters = taskIds.Select((task, i) => RandomAdapter.Create(backbone, new AdapterManifest
        {
            TaskId = task, Labels = [.. Enumerable.Range(0, 2 + i).Select(c => $"class{c}")],
        }, seed: settings.Seed + i)).ToArray();

        // The grid's engine takes the backbone over (and disposes of it with the grid).
        await using var grid = await InProcessGrid.StartAsync(backbone,
            silo: s => s.DemoContent = false,
            gateway: g => g.MaxInFlightPerStream = settings.Concurrency,
            // The benchmark measures the gateway's own cost: one client drives it as fast as the device allows, which on a
            // GPU can exceed the per-principal image rate limit meant for hospital clients.
            services: s => s.Configure<ClientLimitsOptions>(o => (o.ImagesPerSecond, o.ImageBurst) = (1 << 30, 1 << 30)).Configure<InferenceEngineOptions>(o =>
            {
                o.Device = settings.Device;
                o.MaxBatchSize = settings.MaxBatchSize;
                o.MaxQueueDelay = settings.MaxQueueDelay;
                o.QueueCapacity = Math.Max(settings.Concurrency, settings.MaxBatchSize);
                o.Policy = SchedulingPolicy.Mixed;
                o.AdapterCapacity = settings.Tasks;
            }));
        using var channel = grid.CreateChannel();
        var adapterService = new AdapterService.AdapterServiceClient(channel);
        for (int i = 0; i < taskIds.Length; i++)
            await adapterService.UploadAsync(taskIds[i], adapters[i], cancellationToken: cancellationToken);
        var diagnosis = new DiagnosisService.DiagnosisServiceClient(channel);

        await DriveAsync(diagnosis, warmup, images, settings.Concurrency, cancellationToken);
        TimeSpan oneWall = TimeSpan.Zero, manyWall = TimeSpan.Zero;
        List<double> oneLatencies = [], manyLatencies = [];
        for (int round = 0; round < settings.Rounds; round++)
        {
            // Each round takes its share of both request lists; the order alternates so that drift hits both kinds.
            int from = settings.Requests * round / settings.Rounds, to = settings.Requests * (round + 1) / settings.Rounds;
            for (int turn = 0; turn < 2; turn++)
            {
                if ((turn + round) % 2 == 0)
                {
                    var (wall, latencies) = await DriveAsync(diagnosis, single[from..to], images, settings.Concurrency, cancellationToken);
                    oneWall += wall;
                    oneLatencies.AddRange(latencies);
                }
                else
                {
                    var (wall, latencies) = await DriveAsync(diagnosis, mixed[from..to], images, settings.Concurrency, cancellationToken);
                    manyWall += wall;
                    manyLatencies.AddRange(latencies);
                }
            }
        }
        return new GatewayBenchmarkResult(settings.Requests / oneWall.TotalSeconds, settings.Requests / manyWall.TotalSeconds,
            LatencyPercentiles.From(oneLatencies), LatencyPercentiles.From(manyLatencies));
    }

    /// <summary>
    /// One stream, closed loop like the engine benchmark's clients: at most <paramref name="concurrency"/> items are
    /// outstanding, the next is sent as soon as an answer arrives. Latency is from sending an item to reading its answer.
    /// </summary>
    static async Task<(TimeSpan Wall, double[] Latencies)> DriveAsync(DiagnosisService.DiagnosisServiceClient client, string[] tasks, Tensor[] images,
        int concurrency, CancellationToken cancellationToken)
    {
        var sent = new long[tasks.Length];
        var latencies = new double[tasks.Length];
        using var slots = new SemaphoreSlim(concurrency);
        // A failed answer ends the run: the sender must not wait for slots that will never be given back.
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var call = client.DiagnoseStream(cancellationToken: failed.Token);
        var wall = Stopwatch.StartNew();
        var reading = Task.Run(async () =>
        {
            try
            {
                await foreach (var answer in call.ResponseStream.ReadAllAsync(failed.Token))
                {
                    if (answer.Error is { } error)
                        throw new InvalidOperationException($"Item {answer.Id} failed: {(StatusCode)error.Code} {error.Message}");
                    int i = int.Parse(answer.Id, CultureInfo.InvariantCulture);
                    latencies[i] = Stopwatch.GetElapsedTime(sent[i]).TotalMilliseconds;
                    slots.Release();
                }
            }
            catch
            {
                await failed.CancelAsync();
                throw;
            }
        }, cancellationToken);
        try
        {
            for (int i = 0; i < tasks.Length; i++)
            {
                await slots.WaitAsync(failed.Token);
                sent[i] = Stopwatch.GetTimestamp();
                await call.RequestStream.WriteAsync(new DiagnosisItem { Id = i.ToString(CultureInfo.InvariantCulture), Task = tasks[i], Tensor = images[i % images.Length] }, failed.Token);
            }
            await call.RequestStream.CompleteAsync();
        }
        catch (OperationCanceledException) when (failed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The reader's exception below says why.
        }
        await reading;
        return (wall.Elapsed, latencies);
    }
}
