using System.Diagnostics;
using MeLo.Hosting;
using MeLo.Model.Adapters;
using MeLo.Model.Vit;
using MeLo.Serving.Engine;
using MeLo.Serving.Engine.Repository;
using MeLo.Training;
using Microsoft.Extensions.Options;
using TorchSharp;
using static TorchSharp.torch;

namespace MeLo.Cli.Benchmarks;

/// <summary>
/// The MeLo paper's deployment experiment (Table 2) on one backbone with random weights: a stream of images over several
/// tasks (equal shares), once in task order and once shuffled by seed, served in chunks of <c>Batch</c> images (each chunk
/// is submitted at once and answered before the next). Methods:
/// <list type="bullet">
/// <item>melo-mixed, melo-grouped-merge, melo-grouped-select: the inference engine under that policy, with every task's
/// adapter resident (one warm-up batch per task first); switches and switch time from <see cref="EngineStatistics"/>. With
/// <see cref="DeploymentBenchmarkSettings.Grid"/>, through a live gateway and two silos instead (<see cref="GridDeploymentServer"/>).</item>
/// <item>finetuned-on-demand: the paper's baseline, one full model per task of which one is in memory; a chunk runs task by
/// task (the loaded task first, as Grouped does), and a task change loads that task's model from disk. Switch time is
/// the loading time. Always in process: a grid serves adapters, not full models.</item>
/// </list>
/// </summary>
public static class DeploymentBenchmark
{
    public const string InOrder = "in-order", Random = "random";
    public const string MeloMixed = "melo-mixed", MeloGroupedMerge = "melo-grouped-merge", MeloGroupedSelect = "melo-grouped-select",
        FinetunedOnDemand = "finetuned-on-demand";
    const int DistinctImages = 8;
    /// <summary>Every task has one version; naming it spares a repository read per image, as the gateway's resolved version does.</summary>
    const string Version = "v1";

    public static async Task<DeploymentBenchmarkReport> RunAsync(VitConfig config, DeploymentBenchmarkSettings settings, CancellationToken cancellationToken = default)
    {
        settings.Validate();
        using var backbone = CreateBackbone(config, settings.Seed);
        var taskIds = Enumerable.Range(0, settings.Tasks).Select(i => $"task-{i}").ToArray();
        var inOrder = Enumerable.Range(0, settings.Images).Select(i => i * settings.Tasks / settings.Images).ToArray();
        var shuffled = (int[])inOrder.Clone();
        new System.Random(settings.Seed).Shuffle(shuffled);
        var orders = new[] { (InOrder, inOrder), (Random, shuffled) };
        var pixelRandom = new System.Random(settings.Seed);
        int size = config.ImageSize;
        var images = Enumerable.Range(0, DistinctImages)
            .Select(_ => Enumerable.Range(0, config.Channels * size * size).Select(_ => (float)(pixelRandom.NextDouble() * 4 - 2)).ToArray())
            .ToArray();

        var root = Directory.CreateTempSubdirectory("melo-deployment-bench-");
        try
        {
            var adapters = taskIds.Select((task, t) => (Task: task, File: RandomAdapter.Create(backbone,
                new AdapterManifest { TaskId = task, Labels = ["negative", "positive"] }, seed: settings.Seed + t))).ToArray();
            var repository = new DirectoryAdapterRepository(Options.Create(new DirectoryAdapterRepositoryOptions { Root = Path.Combine(root.FullName, "adapters") }));
            if (!settings.Grid)
                foreach (var (task, file) in adapters)
                    await repository.PutAsync(task, file, activate: true, cancellationToken);

            // First, so that a bad --full-models file fails before the long runs; reported last, as in the paper.
            var modelFiles = settings.FullModels.Count > 0 ? settings.FullModels : WriteRandomFullModels(config, taskIds, root.FullName, settings.Seed);
            var finetuned = orders.Select(o => RunFinetunedOnDemand(o.Item1, o.Item2, modelFiles, images, settings.Batch)).ToList();

            var rows = new List<DeploymentRow>();
            int silos = 0;
            foreach (var (method, policy, mode) in new[]
            {
                (MeloMixed, SchedulingPolicy.Mixed, GroupedSwitchMode.Merge),
                (MeloGroupedMerge, SchedulingPolicy.Grouped, GroupedSwitchMode.Merge),
                (MeloGroupedSelect, SchedulingPolicy.Grouped, GroupedSwitchMode.Select),
            })
            {
                var options = new InferenceEngineOptions
                {
                    MaxBatchSize = settings.Batch,
                    QueueCapacity = settings.Batch,
                    Policy = policy,
                    GroupedSwitchMode = mode,
                    AdapterCapacity = settings.Tasks,
                    MaxRank = 4,
                };
                await using IDeploymentServer server = settings.Grid
                    ? await GridDeploymentServer.StartAsync(() => CreateBackbone(config, settings.Seed), options,
                        adapters.ToDictionary(a => a.Task, a => a.File), images, size, cancellationToken)
                    : new EngineDeploymentServer(backbone, repository, options, images, Version);
                foreach (var (order, stream) in orders)
                {
                    // Warm-up, one full batch per task: every adapter resident, the batch-sized forward path allocated (else the
                    // first timed order pays it and looks slower), and the stream's first task applied last.
                    foreach (int task in Enumerable.Range(0, settings.Tasks).OrderBy(t => t == stream[0]))
                        await server.ServeAsync([.. Enumerable.Range(0, settings.Batch).Select(i => (taskIds[task], i % DistinctImages))], cancellationToken);
                    var before = server.Switching;
                    var wall = Stopwatch.StartNew();
                    foreach (var chunk in Chunks(stream.Length, settings.Batch))
                        await server.ServeAsync([.. chunk.Select(i => (taskIds[stream[i]], i % DistinctImages))], cancellationToken);
                    wall.Stop();
                    var after = server.Switching;
                    rows.Add(new DeploymentRow(method, order, wall.Elapsed.TotalSeconds, (after.Time - before.Time).TotalSeconds, after.Switches - before.Switches));
                }
                silos = Math.Max(silos, server.SilosAnswering);
            }
            rows.AddRange(finetuned);
            return new DeploymentBenchmarkReport(config.Name, settings.Images, settings.Tasks, settings.Batch, get_num_threads(), rows)
            {
                Grid = settings.Grid,
                SilosAnswering = settings.Grid ? silos : null,
            };
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    /// <summary>The benchmark's backbone with random weights: the same seed gives the same weights (and fingerprint) every time.</summary>
    static VisionTransformer CreateBackbone(VitConfig config, int seed)
    {
        manual_seed(seed);
        var backbone = new VisionTransformer(config with { NumClasses = 0 });
        backbone.Freeze();
        backbone.eval();
        backbone.RefreshFingerprint();
        return backbone;
    }

    static IEnumerable<int[]> Chunks(int count, int size) =>
        Enumerable.Range(0, (count + size - 1) / size).Select(c => Enumerable.Range(c * size, Math.Min(size, count - c * size)).ToArray());

    /// <summary>What fine-tuning every task would give: a full model per task of the same config (random weights, 2 classes).</summary>
    static string[] WriteRandomFullModels(VitConfig config, string[] taskIds, string directory, int seed)
    {
        var paths = new string[taskIds.Length];
        for (int t = 0; t < taskIds.Length; t++)
        {
            manual_seed(seed + 1000 + t);
            using var model = new VisionTransformer(config with { NumClasses = 0 });
            using var head = nn.Linear(config.Dim, 2);
            paths[t] = Path.Combine(directory, $"{taskIds[t]}.safetensors");
            FullModelFile.Save(paths[t], model, head, new FullModelManifest
            {
                TaskId = taskIds[t],
                Labels = ["negative", "positive"],
                Config = config with { NumClasses = 2 },
                Preprocessing = new AdapterPreprocessing(config.ImageSize, config.Mean, config.Std),
                Source = "bench deployment (random weights)",
            });
        }
        return paths;
    }

    /// <summary>Synchronous on purpose: inference mode and dispose scopes are thread-local.</summary>
    static DeploymentRow RunFinetunedOnDemand(string order, int[] stream, IReadOnlyList<string> modelFiles, float[][] images, int batch)
    {
        using var inference = inference_mode();
        int current = stream[0];
        var loaded = FullModelFile.Load(modelFiles[current]); // before timing, as the engines start with their adapters resident
        try
        {
            using (NewDisposeScope())
                Classify(loaded.Model, [.. Enumerable.Range(0, batch)], images); // warm-up at the batch size the stream uses
            long switches = 0;
            var loading = TimeSpan.Zero;
            var wall = Stopwatch.StartNew();
            foreach (var chunk in Chunks(stream.Length, batch))
                foreach (var group in chunk.GroupBy(i => stream[i]).OrderBy(g => g.Key == current ? 0 : 1))
                {
                    if (group.Key != current)
                    {
                        long start = Stopwatch.GetTimestamp();
                        loaded.Dispose(); // one full model in memory at a time, as on a device that holds only one
                        loaded = FullModelFile.Load(modelFiles[group.Key]);
                        loading += Stopwatch.GetElapsedTime(start);
                        current = group.Key;
                        switches++;
                    }
                    using (NewDisposeScope())
                        Classify(loaded.Model, [.. group], images);
                }
            wall.Stop();
            return new DeploymentRow(FinetunedOnDemand, order, wall.Elapsed.TotalSeconds, loading.TotalSeconds, switches);
        }
        finally
        {
            loaded.Dispose();
        }
    }

    /// <summary>Forward and softmax in fp32, read back to the host, as the engine answers.</summary>
    static float[] Classify(VisionTransformer model, int[] items, float[][] images)
    {
        var config = model.Config;
        var data = items.SelectMany(i => images[i % DistinctImages]).ToArray();
        var pixels = tensor(data, [items.Length, config.Channels, config.ImageSize, config.ImageSize]);
        return model.forward(pixels).softmax(-1).data<float>().ToArray();
    }
}
