using System.Globalization;
using System.Collections.Concurrent;
using Grpc.Core;
using MeLo.Gateway;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Grid.Protos.V1;
using MeLo.Imaging;
using MeLo.Model.Adapters;
using MeLo.Model.Vit;
using MeLo.Serving.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace MeLo.Grid.IntegrationTests;

/// <summary>Task-affinity routing through a live gateway: grain calls group a stream's items per task, and every item
/// is preprocessed and run with one adapter version, also while the active version changes.</summary>
public sealed class RoutingTests
{
    static readonly int Size = DemoBackbone.Config.ImageSize;

    [Fact]
    public async Task One_grain_call_carries_a_streams_items_of_one_task()
    {
        var calls = new GrainCallLog();
        await using var grid = await ServeGrid.StartAsync(
            services: s => s.AddSingleton<IIncomingGrainCallFilter>(calls),
            gateway: g => (g.GroupingWindow, g.MaxItemsPerGrainCall) = (TimeSpan.FromSeconds(1), 10));
        using var reference = new ReferenceModel();
        foreach (var task in new[] { TestTask.Alpha, TestTask.Beta })
            await grid.UploadAsync(task.Id, reference.AddAdapter(task));

        // 20 alpha and 20 beta items, interleaved, sent before any answer comes back.
        var items = Enumerable.Range(0, 40).Select(i => Items.Tensor($"i{i}", i % 2 == 0 ? "alpha" : "beta", TestImages.Tensor(i, Size), Size)).ToList();
        using var call = grid.Diagnosis.DiagnoseStream();
        foreach (var item in items)
            await call.RequestStream.WriteAsync(item);
        await call.RequestStream.CompleteAsync();
        var answers = await call.ResponseStream.ReadAllAsync().ToListAsync();

        Assert.Equal(40, answers.Count);
        Assert.All(answers, a => Assert.NotNull(a.Result));
        Assert.Equal([10, 10, 10, 10], calls.Diagnose.Select(c => c.Items));
        Assert.Equal(2, calls.Diagnose.Count(c => c.Task == "alpha"));
        Assert.Equal(2, calls.Diagnose.Count(c => c.Task == "beta"));
    }

    [Fact]
    public async Task Items_in_flight_across_SetActiveVersion_are_each_preprocessed_and_run_with_one_version()
    {
        await using var grid = await ServeGrid.StartAsync();
        using var reference = new VersionedReference();
        await grid.UploadAsync("alpha", reference.Add("v1", seed: 1, new AdapterPreprocessing(32, [0.2f, 0.3f, 0.4f], [0.2f, 0.2f, 0.2f])));
        await grid.UploadAsync("alpha", reference.Add("v2", seed: 2, new AdapterPreprocessing(48, [0.6f, 0.5f, 0.4f], [0.3f, 0.3f, 0.3f])), activate: false);

        var pngs = Enumerable.Range(0, 6).Select(i => TestImages.Png(500 + i)).ToArray();
        using var call = grid.Diagnosis.DiagnoseStream();
        var reading = call.ResponseStream.ReadAllAsync().ToListAsync().AsTask();
        const int count = 300;
        for (int i = 0; i < count; i++)
        {
            if (i == count / 2)
                _ = grid.Adapters.SetActiveVersionAsync(new SetActiveVersionRequest { Task = "alpha", Version = "v2" }).ResponseAsync;
            await call.RequestStream.WriteAsync(Items.Image($"{i}", "alpha", pngs[i % pngs.Length]));
        }
        await call.RequestStream.CompleteAsync();
        var answers = await reading;

        Assert.Equal(count, answers.Count);
        foreach (var answer in answers)
        {
            var result = answer.Result ?? throw new Xunit.Sdk.XunitException($"item {answer.Id}: {answer.Error?.Message}");
            var expected = reference.Probabilities(result.AdapterVersion, pngs[int.Parse(answer.Id, CultureInfo.InvariantCulture) % pngs.Length]);
            Assert.All(expected.Zip(result.Probabilities.Select(p => p.Probability)), pair => Assert.True(Math.Abs(pair.First - pair.Second) < 1e-4,
                $"item {answer.Id} ({result.AdapterVersion}): {pair.First} vs {pair.Second}"));
        }
        Assert.Contains(answers, a => a.Result.AdapterVersion == "v2"); // the switch took effect mid-stream
    }

    /// <summary>Counts calls to IAdapterGrain.Diagnose with their item counts.</summary>
    sealed class GrainCallLog : IIncomingGrainCallFilter
    {
        readonly ConcurrentQueue<(string Task, int Items)> _diagnose = new();

        public IReadOnlyList<(string Task, int Items)> Diagnose => [.. _diagnose];

        public Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.InterfaceMethod?.Name == nameof(IAdapterGrain.DiagnoseAsync) && context.Request.GetArgument(0) is PreparedImage[] items)
                _diagnose.Enqueue((AdapterGrainKey.TaskOf(context.TargetId.Key.ToString()!), items.Length));
            return context.Invoke();
        }
    }

    /// <summary>Each version's own preprocessing and adapter, as the model core computes them without the grid.</summary>
    sealed class VersionedReference : IDisposable
    {
        readonly VisionTransformer _backbone = DemoBackbone.Create();
        readonly Dictionary<string, LoadedAdapter> _versions = [];

        public byte[] Add(string version, long seed, AdapterPreprocessing preprocessing)
        {
            var file = Hosting.RandomAdapter.Create(_backbone, new AdapterManifest
            {
                TaskId = "alpha", Labels = ["absent", "present"], DisplayName = "alpha", Preprocessing = preprocessing,
            }, seed);
            _versions[version] = AdapterFile.Load(file);
            return file;
        }

        public float[] Probabilities(string version, byte[] png)
        {
            var loaded = _versions[version];
            var p = loaded.Manifest.Preprocessing!;
            var pixels = ImageTensorizer.ToTensor(ImageDecoder.Default.Decode(png),
                new ImagePreprocessing(p.ImageSize, new RgbValues(p.Mean[0], p.Mean[1], p.Mean[2]), new RgbValues(p.Std[0], p.Std[1], p.Std[2])));
            using var scope = TorchSharp.torch.NewDisposeScope();
            using var inference = TorchSharp.torch.inference_mode();
            var logits = loaded.Adapter.Forward(_backbone, TorchSharp.torch.tensor(pixels, [1, 3, p.ImageSize, p.ImageSize]));
            return logits.softmax(1).data<float>().ToArray();
        }

        public void Dispose()
        {
            foreach (var loaded in _versions.Values)
                loaded.Dispose();
            _backbone.Dispose();
        }
    }
}
