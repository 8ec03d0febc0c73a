using System.Diagnostics;
using MeLo.Model.Adapters;
using MeLo.Model.Lora;
using MeLo.Model.Vit;
using MeLo.Serving.Engine;
using MeLo.Serving.Engine.Repository;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;

namespace MeLo.Cli.Benchmarks;

/// <summary>
/// Measures the engine in process, on one backbone, under Mixed, Grouped/Merge and Grouped/Select: throughput with one
/// task versus many tasks in random order, the cost per adapter switch, and client latency percentiles. Adapters are
/// random (seeded) and stored in a temporary directory repository that is deleted afterwards. The backbone is left on
/// the benchmark's device, with nothing merged.
/// </summary>
public static class EngineBenchmark
{
    public static async Task<EngineBenchmarkReport> RunAsync(VisionTransformer backbone, EngineBenchmarkSettings settings, CancellationToken cancellationToken = default)
    {
        settings.Validate();
        int size = settings.ImageSize ?? backbone.Config.ImageSize;
        var random = new Random(settings.Seed);
        var taskIds = Enumerable.Range(0, settings.Tasks).Select(i => $"bench-task-{i}").ToArray();
        var single = Enumerable.Repeat(taskIds[0], settings.Requests).ToArray();
        var mixed = Enumerable.Range(0, settings.Requests).Select(_ => taskIds[random.Next(taskIds.Length)]).ToArray();
        var warmup = Enumerable.Range(0, settings.WarmupRequests).Select(i => taskIds[i % taskIds.Length]).ToArray();
        int taskChanges = mixed.Zip(mixed.Skip(1)).Count(pair => pair.First != pair.Second);
        var images = Enumerable.Range(0, 8)
            .Select(_ => Enumerable.Range(0, backbone.Config.Channels * size * size).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray())
            .ToArray();

        var root = Directory.CreateTempSubdirectory("melo-engine-bench-");
        try
        {
            var repository = new DirectoryAdapterRepository(Options.Create(new DirectoryAdapterRepositoryOptions { Root = root.FullName }));
            for (int i = 0; i < taskIds.Length; i++)
                await repository.PutAsync(taskIds[i], AdapterFileFor(backbone, taskIds[i], settings.Rank, classes: 2 + i, seed: settings.Seed + i), activate: true, cancellationToken)
                    .ConfigureAwait(false);

            var results = new List<PolicyBenchmarkResult>();
            foreach (var (name, policy, mode) in new[]
            {
                ("mixed", SchedulingPolicy.Mixed, GroupedSwitchMode.Merge),
                ("grouped-merge", SchedulingPolicy.Grouped, GroupedSwitchMode.Merge),
                ("grouped-select", SchedulingPolicy.Grouped, GroupedSwitchMode.Select),
            })
            {
                var options = new InferenceEngineOptions
                {
                    Device = settings.Device,
                    MaxBatchSize = settings.MaxBatchSize,
                    MaxQueueDelay = settings.MaxQueueDelay,
                    QueueCapacity = Math.Max(settings.Concurrency, settings.MaxBatchSize),
                    Policy = policy,
                    GroupedSwitchMode = mode,
                    AdapterCapacity = settings.Tasks,
                    MaxRank = settings.Rank,
                };
                await using var engine = new InferenceEngine(backbone, repository, Options.Create(options), leaveBackboneOpen: true);
                await DriveAsync(engine, warmup, images, size, settings.Concurrency, cancellationToken).ConfigureAwait(false);
                var one = RunMeasurement.Empty;
                var many = RunMeasurement.Empty;
                for (int round = 0; round < settings.Rounds; round++)
                {
                    // Each round takes its share of both request lists; the order alternates so that drift hits both kinds.
                    int from = settings.Requests * round / settings.Rounds, to = settings.Requests * (round + 1) / settings.Rounds;
                    for (int turn = 0; turn < 2; turn++)
                        if ((turn + round) % 2 == 0)
                            one += await DriveAsync(engine, single[from..to], images, size, settings.Concurrency, cancellationToken).ConfigureAwait(false);
                        else
                            many += await DriveAsync(engine, mixed[from..to], images, size, settings.Concurrency, cancellationToken).ConfigureAwait(false);
                }
                double extraMs = (many.Wall - one.Wall).TotalMilliseconds;
                results.Add(new PolicyBenchmarkResult(
                    name,
                    settings.Requests / one.Wall.TotalSeconds,
                    settings.Requests / many.Wall.TotalSeconds,
                    many.Switches,
                    (double)settings.Requests / many.Passes,
                    many.Switches > 0 ? extraMs / many.Switches : null,
                    taskChanges > 0 ? extraMs / taskChanges : 0,
                    LatencyPercentiles.From(one.LatenciesMs),
                    LatencyPercentiles.From(many.LatenciesMs)));
            }
            return new EngineBenchmarkReport(backbone.Config.Name, settings.Device, size, settings.Tasks, settings.Requests, settings.Rounds,
                settings.Concurrency, settings.MaxBatchSize, get_num_threads(), results);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    /// <summary>A seeded adapter with non-zero B (as after training), serialised.</summary>
    static byte[] AdapterFileFor(VisionTransformer backbone, string taskId, int rank, int classes, long seed)
    {
        var settings = new LoraSettings { Rank = rank, Alpha = rank };
        using var adapter = LoraAdapter.Create(backbone, settings, classes, seed);
        var generator = new Generator((ulong)seed + 1);
        using (no_grad())
            foreach (var target in settings.Targets)
                adapter.B(target).normal_(0, 0.02, generator);
        var labels = Enumerable.Range(0, classes).Select(i => $"class{i}").ToArray();
        return AdapterFile.Serialize(adapter, new AdapterManifest { TaskId = taskId, Labels = labels });
    }

    /// <summary>Closed loop: <paramref name="concurrency"/> clients each send the next request as soon as their last one is answered.</summary>
    static async Task<RunMeasurement> DriveAsync(InferenceEngine engine, string[] tasks, float[][] images, int size, int concurrency,
        CancellationToken cancellationToken)
    {
        var latencies = new double[tasks.Length];
        int next = -1;
        var before = engine.Statistics;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < tasks.Length)
            {
                long start = Stopwatch.GetTimestamp();
                await engine.InferAsync(new InferenceRequest(tasks[i], images[i % images.Length], size), cancellationToken).ConfigureAwait(false);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }, cancellationToken))).ConfigureAwait(false);
        wall.Stop();
        var after = engine.Statistics;
        return new RunMeasurement(wall.Elapsed, latencies, after.AdapterSwitches - before.AdapterSwitches, after.Batches - before.Batches);
    }

    sealed record RunMeasurement(TimeSpan Wall, double[] LatenciesMs, long Switches, long Passes)
    {
        public static RunMeasurement Empty { get; } = new(TimeSpan.Zero, [], 0, 0);

        public static RunMeasurement operator +(RunMeasurement a, RunMeasurement b) =>
            new(a.Wall + b.Wall, [.. a.LatenciesMs, .. b.LatenciesMs], a.Switches + b.Switches, a.Passes + b.Passes);
    }
}
