using System.Diagnostics;
using Grpc.Core;
using MeLo.Gateway.Security;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Grid.Protos.V1;
using MeLo.Hosting;
using MeLo.Model.Vit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MeLo.Serving.Abstractions;

namespace MeLo.Grid.IntegrationTests;

/// <summary>
/// The multi-process layout (`melo silo` twice, `melo gateway`) with Redis clustering, as separate hosts in this process:
/// Debian's redis-server on a free port, a silo with a backbone, a silo without one, and a gateway that joins as a client.
/// Fails, never skips, without redis-server.
/// </summary>
public sealed class RedisClusterTests
{

    [Fact]
    public async Task Silos_and_a_gateway_form_a_grid_through_redis()
    {
        var ports = FreePorts.Take(6);
        using var adapters = new TempDirectory("melo-redis-test-");
        using var redis = ServerProcess.Redis(ports[0]);
        var hosts = new List<IHost>();
        try
        {
            var cluster = new Dictionary<string, string?>
            {
                [$"{MeLoClusterOptions.SectionName}:Clustering"] = "Redis",
                [$"{MeLoClusterOptions.SectionName}:RedisConnectionString"] = $"127.0.0.1:{ports[0]}",
                [$"{MeLoClusterOptions.SectionName}:ClusterId"] = $"test-{Guid.NewGuid():N}",
                [$"{MeLoSiloOptions.SectionName}:DataDirectory"] = adapters.Path,
            };
            hosts.Add(await ClusterHosts.StartSiloAsync(cluster, ports[1], ports[2], DemoBackbone.Create()));
            hosts.Add(await ClusterHosts.StartSiloAsync(cluster, ports[3], ports[4], backbone: null));
            hosts.Add(await ClusterHosts.StartGatewayAsync(cluster, ports[5]));

            var adminToken = File.ReadAllText(ApiTokenStore.DefaultTokenPath(adapters.Combine("keys"), MeLoRoles.Admin)).Trim();
            using var channel = MeLoChannel.ForAddress($"http://127.0.0.1:{ports[5]}", adminToken);
            using var reference = new ReferenceModel();
            await new AdapterService.AdapterServiceClient(channel).UploadAsync("alpha", reference.AddAdapter(TestTask.Alpha));
            var png = TestImages.Png(77);
            var client = new DiagnosisService.DiagnosisServiceClient(channel);
            using var call = client.DiagnoseStream();
            for (int i = 0; i < 12; i++)
                await call.RequestStream.WriteAsync(Items.Image($"item-{i}", "alpha", png));
            await call.RequestStream.CompleteAsync();
            var answers = await call.ResponseStream.ReadAllAsync().ToListAsync();

            Assert.Equal(12, answers.Select(a => a.Id).Distinct().Count());
            var expected = reference.Probabilities("alpha", ReferenceModel.Preprocess(png));
            Assert.All(answers, a => Expect.SameAsReference(a, "alpha", expected));
            // Only the silo with a backbone serves.
            Assert.All(answers, a => Assert.EndsWith($":{ports[1]}", a.Result.Silo));

            await new AdapterService.AdapterServiceClient(channel).DeleteAsync(new DeleteAdapterRequest { Task = "alpha" });
            var error = await Assert.ThrowsAsync<RpcException>(() =>
                client.DiagnoseAsync(new DiagnoseRequest { Items = { Items.Image("x", "alpha", png) } }).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, error.StatusCode);
        }
        finally
        {
            foreach (var host in Enumerable.Reverse(hosts))
            {
                await host.StopAsync();
                host.Dispose();
            }
        }
    }

    [Fact]
    public async Task Adapters_in_grain_storage_persist_in_redis_when_the_whole_cluster_restarts()
    {
        var ports = FreePorts.Take(5);
        using var data = new TempDirectory("melo-redis-storage-test-");
        using var redis = ServerProcess.Redis(ports[0]);
        var cluster = new Dictionary<string, string?>
        {
            [$"{MeLoClusterOptions.SectionName}:Clustering"] = "Redis",
            [$"{MeLoClusterOptions.SectionName}:RedisConnectionString"] = $"127.0.0.1:{ports[0]}",
            [$"{MeLoSiloOptions.SectionName}:DataDirectory"] = data.Path,
            [$"{MeLoSiloOptions.SectionName}:AdapterStore"] = nameof(AdapterStoreKind.GrainStorage),
        };
        using var reference = new ReferenceModel();
        var file = reference.AddAdapter(TestTask.Beta);
        // First cluster: store an adapter, then stop everything.
        cluster[$"{MeLoClusterOptions.SectionName}:ClusterId"] = $"first-{Guid.NewGuid():N}";
        using (var first = await ClusterHosts.StartSiloAsync(cluster, ports[1], ports[2], DemoBackbone.Create()))
        {
            var registry = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IAdapterRegistryGrain>(IAdapterRegistryGrain.Key);
            await registry.PutAsync("beta", file, activate: true);
            await first.StopAsync();
        }
        // A new cluster over the same Redis still has it, and serves it.
        cluster[$"{MeLoClusterOptions.SectionName}:ClusterId"] = $"second-{Guid.NewGuid():N}";
        using var second = await ClusterHosts.StartSiloAsync(cluster, ports[3], ports[4], DemoBackbone.Create());
        var grains = second.Services.GetRequiredService<IGrainFactory>();
        var stored = Assert.Single(await grains.GetGrain<IAdapterRegistryGrain>(IAdapterRegistryGrain.Key).ListAsync(activeOnly: true));
        Assert.Equal("beta", stored.TaskId);
        var pixels = TestImages.Tensor(3, DemoBackbone.Config.ImageSize);
        var outcome = Assert.Single(await grains.GetGrain<IAdapterGrain>("beta").DiagnoseAsync([new PreparedImage { Pixels = pixels, ImageSize = DemoBackbone.Config.ImageSize }]));
        var served = outcome.Result?.Probabilities ?? throw new Xunit.Sdk.XunitException($"beta: {outcome.Fault?.Message}");
        Assert.All(reference.Probabilities("beta", pixels).Zip(served), pair => Assert.True(Math.Abs(pair.First - pair.Second) < 1e-5));
        await second.StopAsync();
    }
}
