using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Hosting;
using MeLo.Model.Vit;
using MeLo.Serving.Abstractions;
using MeLo.Serving.Engine;
using MeLo.Serving.Engine.Repository;
using MeLo.Serving.Grains;
using MeLo.Serving.Grains.Placement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;

namespace MeLo.Grid.IntegrationTests;

/// <summary>
/// Grain activation is adapter residency, on a real in-process cluster with real engines: activating a task's grain pins
/// its adapter, idle collection releases it, a full device makes the least recently used grain let go, a registry change
/// swaps the pin, and a silo that joins receives activations.
/// </summary>
public sealed class AdapterResidencyTests
{
    static readonly int Size = DemoBackbone.Config.ImageSize;

    [Fact]
    public async Task Activation_pins_the_adapter_and_idle_collection_releases_it()
    {
        await using var grid = await ClusterGrid.StartAsync(silos: 1, idle: TimeSpan.FromSeconds(2));
        await grid.PutAsync(TestTask.Alpha);
        var engine = grid.Engine(0);

        await grid.Grain("alpha").ResolveAsync(null); // activates, which pins: no item has been sent
        Assert.Equal([new AdapterKey("alpha", "v1")], engine.ResidentAdapters);
        Assert.Equal(1, engine.Statistics.PinnedAdapters);

        await Eventually.TrueAsync(() => engine.ResidentAdapters.Count == 0, "idle collection released the adapter", TimeSpan.FromSeconds(30));
        Assert.Equal(0, engine.Statistics.PinnedAdapters);
    }

    [Fact]
    public async Task On_a_full_device_the_least_recently_used_grain_releases_its_adapter_for_a_new_one()
    {
        await using var grid = await ClusterGrid.StartAsync(silos: 1, capacity: 2);
        foreach (var task in TestTask.All)
            await grid.PutAsync(task);
        var engine = grid.Engine(0);

        await grid.DiagnoseAsync("alpha");
        await grid.DiagnoseAsync("beta");
        await grid.DiagnoseAsync("alpha"); // beta is now the least recently used
        await grid.DiagnoseAsync("gamma");

        Assert.Equal(["alpha@v1", "gamma@v1"], engine.ResidentAdapters.Select(k => k.ToString()).Order());
        Assert.Equal(2, engine.Statistics.PinnedAdapters);
        var activations = grid.Services(0).GetRequiredService<LocalAdapterActivations>();
        await Eventually.TrueAsync(() => !activations.Tasks.Contains("beta"), "beta's grain deactivated");
    }

    [Fact]
    public async Task SetActiveVersion_reaches_the_grain_which_pins_the_new_version_and_releases_the_old()
    {
        await using var grid = await ClusterGrid.StartAsync(silos: 1);
        await grid.PutAsync(TestTask.Alpha);
        var engine = grid.Engine(0);
        await grid.DiagnoseAsync("alpha");
        await grid.Registry.PutAsync("alpha", grid.Reference.AddAdapter(TestTask.Alpha, seed: 99), activate: false);
        Assert.Equal([new AdapterKey("alpha", "v1")], engine.ResidentAdapters);

        await grid.Registry.SetActiveVersionAsync("alpha", "v2");

        await Eventually.TrueAsync(() => engine.ResidentAdapters.SequenceEqual([new AdapterKey("alpha", "v2")]), "the grain swapped v1 for v2");
        Assert.Equal(1, engine.Statistics.PinnedAdapters);
        Assert.Equal("v2", (await grid.DiagnoseAsync("alpha")).AdapterVersion);
    }

    [Fact]
    public async Task A_silo_that_joins_receives_some_of_the_activations()
    {
        await using var grid = await ClusterGrid.StartAsync(silos: 1, rebalance: TimeSpan.FromSeconds(1));
        var tasks = Enumerable.Range(0, 8).Select(i => new TestTask($"task{i}", ["no", "yes"], false, 100 + i)).ToArray();
        foreach (var task in tasks)
        {
            await grid.PutAsync(task);
            await grid.DiagnoseAsync(task.Id);
        }
        Assert.All(await Task.WhenAll(tasks.Select(t => grid.DiagnoseAsync(t.Id))), d => Assert.Equal(grid.SiloName(0), d.Silo));

        var joined = await grid.AddSiloAsync();

        var newcomer = grid.Services(joined).GetRequiredService<LocalAdapterActivations>();
        await Eventually.TrueAsync(() => newcomer.Count >= 2, "the new silo hosts some adapter grains", TimeSpan.FromSeconds(40));
        var silos = (await Task.WhenAll(tasks.Select(t => grid.DiagnoseAsync(t.Id)))).Select(d => d.Silo).ToHashSet();
        Assert.Contains(grid.SiloName(joined), silos);
        Assert.True(grid.Engine(joined).ResidentAdapters.Count >= 2);
    }

    /// <summary>An in-process cluster whose silos each run a real engine on the demo backbone over one shared directory store.</summary>
    sealed class ClusterGrid : IAsyncDisposable
    {
        readonly InProcessTestCluster _cluster;
        readonly TempDirectory _adapters;

        ClusterGrid(InProcessTestCluster cluster, TempDirectory adapters) => (_cluster, _adapters) = (cluster, adapters);

        public ReferenceModel Reference { get; } = new();
        public IAdapterRegistryGrain Registry => _cluster.Client.GetGrain<IAdapterRegistryGrain>(IAdapterRegistryGrain.Key);

        public static async Task<ClusterGrid> StartAsync(int silos, int capacity = 16, TimeSpan? idle = null, TimeSpan? rebalance = null)
        {
            var adapters = new TempDirectory("melo-residency-test-"); // the grid owns it
            var builder = new InProcessTestClusterBuilder((short)silos);
            builder.Options.ConfigureFileLogging = false;
            builder.ConfigureSilo((_, silo) =>
            {
                silo.Services.Configure<DirectoryAdapterRepositoryOptions>(o => o.Root = adapters.Path);
                silo.Services.Configure<AdapterGrainOptions>(o =>
                {
                    o.IdleTimeout = idle ?? TimeSpan.FromMinutes(15);
                    o.RebalanceInterval = rebalance ?? TimeSpan.FromMinutes(10);
                });
                silo.AddMeLoServingGrains(DemoBackbone.Config.Name, AdapterStores.For(AdapterStoreKind.Directory, silo));
                silo.Services.AddSingleton<IInferenceEngine>(sp => new InferenceEngine(DemoBackbone.Create(), sp.GetRequiredService<IAdapterRepository>(),
                    Options.Create(new InferenceEngineOptions { AdapterCapacity = capacity, MaxQueueDelay = TimeSpan.FromMilliseconds(2) }),
                    sp.GetRequiredService<ILogger<InferenceEngine>>()));
            });
            var cluster = builder.Build();
            await cluster.DeployAsync();
            return new ClusterGrid(cluster, adapters);
        }

        public async Task PutAsync(TestTask task) => await Registry.PutAsync(task.Id, Reference.AddAdapter(task), activate: true);

        public IAdapterGrain Grain(string key) => _cluster.Client.GetGrain<IAdapterGrain>(key);

        public async Task<Diagnosis> DiagnoseAsync(string key)
        {
            var outcome = (await Grain(key).DiagnoseAsync([new PreparedImage { Pixels = TestImages.Tensor(key.Length, Size), ImageSize = Size }])).Single();
            return outcome.Result ?? throw new Xunit.Sdk.XunitException($"{key}: {outcome.Fault?.Message}");
        }

        public IServiceProvider Services(int silo) => _cluster.GetSiloServiceProvider(_cluster.Silos[silo].SiloAddress);

        public IInferenceEngine Engine(int silo) => Services(silo).GetRequiredService<IInferenceEngine>();

        public string SiloName(int silo) => Services(silo).GetRequiredService<ILocalSiloDetails>().Name;

        public async Task<int> AddSiloAsync()
        {
            await _cluster.StartAdditionalSiloAsync();
            return _cluster.Silos.Count - 1;
        }

        public async ValueTask DisposeAsync()
        {
            await _cluster.DisposeAsync();
            Reference.Dispose();
            _adapters.Dispose();
        }
    }
}
