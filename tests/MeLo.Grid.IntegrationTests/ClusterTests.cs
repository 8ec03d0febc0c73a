using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Hosting;
using MeLo.Model.Vit;
using MeLo.Serving.Abstractions;
using MeLo.Serving.Engine;
using MeLo.Serving.Engine.Repository;
using MeLo.Serving.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;

namespace MeLo.Grid.IntegrationTests;

/// <summary>
/// An in-process cluster of three silos sharing one adapter store: Silo_0 and Silo_1 each run a real engine on the demo
/// backbone, Silo_2 has no backbone. Run under both scheduling policies, and with both stores (a shared directory, grain storage).
/// </summary>
public sealed class ClusterTests
{
    const string NoBackboneSilo = "Silo_2";
    static readonly int Size = DemoBackbone.Config.ImageSize;

    [Theory]
    [InlineData(SchedulingPolicy.Mixed, AdapterStoreKind.Directory)]
    [InlineData(SchedulingPolicy.Grouped, AdapterStoreKind.GrainStorage)]
    public async Task Several_tasks_and_replicas_are_served_by_silos_with_a_backbone_as_the_model_core_computes(SchedulingPolicy policy, AdapterStoreKind store)
    {
        using var adapters = new TempDirectory("melo-cluster-test-");
        using var reference = new ReferenceModel();
        var builder = new InProcessTestClusterBuilder(3);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((options, silo) =>
        {
            bool backbone = options.SiloName != NoBackboneSilo;
            silo.Services.Configure<DirectoryAdapterRepositoryOptions>(o => o.Root = adapters.Path);
            silo.AddMeLoServingGrains(backbone ? DemoBackbone.Config.Name : null, AdapterStores.For(store, silo));
            if (backbone)
                silo.Services.AddSingleton<IInferenceEngine>(sp => new InferenceEngine(DemoBackbone.Create(), sp.GetRequiredService<IAdapterRepository>(),
                    Options.Create(new InferenceEngineOptions { Policy = policy }), sp.GetRequiredService<ILogger<InferenceEngine>>()));
        });
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            var grains = cluster.Client;
            var registry = grains.GetGrain<IAdapterRegistryGrain>(IAdapterRegistryGrain.Key);
            // Uploads are checked against what the serving silos report (once a second), and the registry may live on the
            // silo without a backbone: wait for both reports first.
            for (var waited = System.Diagnostics.Stopwatch.StartNew(); await registry.ServingSiloCountAsync() < 2; await Task.Delay(100))
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the serving silos never reported");
            foreach (var task in TestTask.All)
                await registry.PutAsync(task.Id, reference.AddAdapter(task), activate: true);

            // Every task at once (the engines batch across tasks), alpha through two replicas.
            string[] keys = ["alpha#0", "beta", "gamma"];
            var silos = await Task.WhenAll(keys.Select(key => DiagnoseAndCheckAsync(grains, reference, key, seed: key.GetHashCode())));
            Assert.DoesNotContain(NoBackboneSilo, silos);

            // Once the silos have exchanged load reports, the second replica goes to the silo the first does not use.
            await Task.Delay(3 * Serving.Grains.Placement.ServingLoadPublisher.ReportInterval);
            var second = await DiagnoseAndCheckAsync(grains, reference, "alpha#1", seed: 5);
            Assert.Equal(new[] { "Silo_0", "Silo_1" }, new[] { silos[0], second }.Order());

            // A change through the registry reaches every silo before the call returns.
            await registry.DeleteAsync("gamma", version: null);
            var outcome = (await grains.GetGrain<IAdapterGrain>("gamma").DiagnoseAsync([Image(1)])).Single();
            Assert.Equal(FaultKind.NotFound, outcome.Fault?.Kind);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    static async Task<string> DiagnoseAndCheckAsync(IGrainFactory grains, ReferenceModel reference, string key, int seed)
    {
        var images = Enumerable.Range(0, 6).Select(i => Image(seed + i)).ToArray();
        var outcomes = await grains.GetGrain<IAdapterGrain>(key).DiagnoseAsync(images);
        var task = AdapterGrainKey.TaskOf(key);
        for (int i = 0; i < images.Length; i++)
        {
            var result = outcomes[i].Result ?? throw new Xunit.Sdk.XunitException($"{key} item {i}: {outcomes[i].Fault?.Message}");
            var expected = reference.Probabilities(task, images[i].Pixels);
            Assert.Equal(task, result.TaskId);
            Assert.All(expected.Zip(result.Probabilities), pair => Assert.True(Math.Abs(pair.First - pair.Second) < 1e-4));
        }
        return Assert.Single(outcomes.Select(o => o.Result!.Silo).Distinct());
    }

    static PreparedImage Image(int seed) => new() { Pixels = TestImages.Tensor(seed, Size), ImageSize = Size };
}
