using System.Diagnostics;
using MeLo.Hosting;
using MeLo.Model.Adapters;
using MeLo.Model.Lora;
using MeLo.Model.Vit;
using MeLo.Serving.Engine;
using MeLo.Serving.Engine.Repository;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;

namespace MeLo.Cli.Benchmarks;

/// <summary>
/// The residency sweep: for each adapter count, a Mixed engine with capacity for exactly that many adapters (MaxRank =
/// the adapters' rank, since every slot is padded to it) pins all of them one by one from a directory repository
/// (cold load = file to resident, <see cref="IInferenceEngine.PinAsync"/>), then serves a single-task stream and a
/// random-order stream over all the tasks, alternating in rounds. One backbone with random weights serves every count.
/// </summary>
public static class AdaptersBenchmark
{
    const int DistinctImages = 8;
    const int Rounds = 2;

    public static async Task<AdaptersBenchmarkReport> RunAsync(VitConfig config, IReadOnlyList<int> counts, int rank, int batch, int requests, int seed,
        CancellationToken cancellationToken = default)
    {
        if (counts.Count == 0 || counts.Any(c => c < 1))
            throw new ArgumentException($"--counts takes positive adapter counts, not '{string.Join(",", counts)}'.");
        if (rank < 1 || batch < 1 || requests < Rounds)
            throw new ArgumentException($"--rank and --batch must be at least 1 and --requests at least {Rounds}.");
        manual_seed(seed);
        using var backbone = new VisionTransformer(config with { NumClasses = 0 });
        backbone.Freeze();
        backbone.eval();
        backbone.RefreshFingerprint();
        int size = config.ImageSize;
        var random = new Random(seed);
        var images = Enumerable.Range(0, DistinctImages)
            .Select(_ => Enumerable.Range(0, config.Channels * size * size).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray())
            .ToArray();
        var taskIds = Enumerable.Range(0, counts.Max()).Select(i => $"task-{i:D4}").ToArray();

        var root = Directory.CreateTempSubdirectory("melo-adapters-bench-");
        try
        {
            var repository = new DirectoryAdapterRepository(Options.Create(new DirectoryAdapterRepositoryOptions { Root = root.FullName }));
            var settings = new LoraSettings { Rank = rank, Alpha = rank };
            for (int i = 0; i < taskIds.Length; i++)
                await repository.PutAsync(taskIds[i], RandomAdapter.Create(backbone, new AdapterManifest { TaskId = taskIds[i], Labels = ["negative", "positive"] },
                    seed + i, settings), activate: true, cancellationToken);
            long baselineRss = Rss();

            var rows = new List<AdaptersBenchmarkRow>();
            foreach (int count in counts)
            {
                var options = new InferenceEngineOptions
                {
                    MaxBatchSize = batch,
                    QueueCapacity = batch,
                    Policy = SchedulingPolicy.Mixed,
                    AdapterCapacity = count,
                    AdapterCapacityBytes = long.MaxValue,
                    MaxRank = rank,
                };
                await using var engine = new InferenceEngine(backbone, repository, Options.Create(options), leaveBackboneOpen: true);
                var coldLoads = new double[count];
                for (int i = 0; i < count; i++)
                {
                    long start = Stopwatch.GetTimestamp();
                    await engine.PinAsync(taskIds[i], "v1", cancellationToken);
                    coldLoads[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }
                long adapterBytes = engine.Statistics.ResidentBytes;
                long rss = Rss();

                var single = Enumerable.Repeat(taskIds[0], requests).ToArray();
                var mixed = Enumerable.Range(0, requests).Select(_ => taskIds[random.Next(count)]).ToArray();
                await DriveAsync(engine, single[..Math.Min(batch, requests)], images, size, batch, cancellationToken); // warm-up
                TimeSpan oneWall = TimeSpan.Zero, manyWall = TimeSpan.Zero;
                for (int round = 0; round < Rounds; round++)
                {
                    int from = requests * round / Rounds, to = requests * (round + 1) / Rounds;
                    for (int turn = 0; turn < 2; turn++)
                        if ((turn + round) % 2 == 0)
                            oneWall += await DriveAsync(engine, single[from..to], images, size, batch, cancellationToken);
                        else
                            manyWall += await DriveAsync(engine, mixed[from..to], images, size, batch, cancellationToken);
                }
                var percentiles = LatencyPercentiles.From(coldLoads);
                rows.Add(new AdaptersBenchmarkRow(count, adapterBytes, rss, percentiles.P50, percentiles.P99, oneWall / manyWall));
            }
            return new AdaptersBenchmarkReport(config.Name, rank, batch, requests, get_num_threads(), baselineRss, rows);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    /// <summary>Closed loop: <paramref name="concurrency"/> clients each send the next request once their last one is answered.</summary>
    static async Task<TimeSpan> DriveAsync(InferenceEngine engine, string[] tasks, float[][] images, int size, int concurrency, CancellationToken cancellationToken)
    {
        int next = -1;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < tasks.Length)
                await engine.InferAsync(new InferenceRequest(tasks[i], images[i % images.Length], size, "v1"), cancellationToken); // the pinned version
        }, cancellationToken)));
        return wall.Elapsed;
    }

    static long Rss()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
