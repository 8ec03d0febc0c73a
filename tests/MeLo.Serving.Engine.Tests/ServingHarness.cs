using MeLo.Model.Lora;
using MeLo.Model.Vit;
using MeLo.Serving.Engine.Repository;
using Microsoft.Extensions.Options;

namespace MeLo.Serving.Engine.Tests;

/// <summary>
/// A repository in a temp folder holding three tasks (alpha: 2 classes, beta: 3, gamma: 4 multi-label), a reference
/// backbone for expected outputs, and engines that each get their own backbone with the same weights.
/// </summary>
sealed class ServingHarness : IAsyncDisposable
{
    public const string Alpha = "alpha", Beta = "beta", Gamma = "gamma";

    readonly TempDirectory _directory = new();
    readonly List<InferenceEngine> _engines = [];
    readonly Dictionary<string, (LoraAdapter Adapter, bool MultiLabel)> _adapters = [];

    ServingHarness()
    {
        Repository = new DirectoryAdapterRepository(Options.Create(new DirectoryAdapterRepositoryOptions { Root = _directory.Path }));
    }

    public DirectoryAdapterRepository Repository { get; }
    public VisionTransformer Reference { get; } = TestModels.Backbone();
    public static string[] TaskIds { get; } = [Alpha, Beta, Gamma];

    public static async Task<ServingHarness> CreateAsync()
    {
        var harness = new ServingHarness();
        await harness.PutAsync(Alpha, TestModels.Adapter(harness.Reference, 2, seed: 11));
        await harness.PutAsync(Beta, TestModels.Adapter(harness.Reference, 3, seed: 12));
        await harness.PutAsync(Gamma, TestModels.Adapter(harness.Reference, 4, seed: 13), multiLabel: true);
        return harness;
    }

    /// <summary>Stores a new version of a task; later expectations for the task use this adapter.</summary>
    public async Task<AdapterDescriptor> PutAsync(string taskId, LoraAdapter adapter, bool multiLabel = false, bool activate = true)
    {
        var descriptor = await Repository.PutAsync(taskId, TestModels.File(adapter, taskId, multiLabel), activate);
        if (_adapters.Remove(taskId, out var previous))
            previous.Adapter.Dispose();
        _adapters[taskId] = (adapter, multiLabel);
        return descriptor;
    }

    public LoraAdapter AdapterOf(string taskId) => _adapters[taskId].Adapter;

    public InferenceEngine Engine(Action<InferenceEngineOptions>? configure = null, IAdapterRepository? repository = null)
    {
        var options = new InferenceEngineOptions { MaxQueueDelay = TimeSpan.FromMilliseconds(2) };
        configure?.Invoke(options);
        var engine = new InferenceEngine(TestModels.Backbone(), repository ?? Repository, Options.Create(options));
        _engines.Add(engine);
        return engine;
    }

    public float[] Expected(string taskId, float[] pixels, int size)
    {
        var (adapter, multiLabel) = _adapters[taskId];
        return TestModels.Expected(adapter, Reference, pixels, size, multiLabel);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var engine in _engines)
            await engine.DisposeAsync();
        foreach (var (adapter, _) in _adapters.Values)
            adapter.Dispose();
        Reference.Dispose();
        _directory.Dispose();
    }
}
