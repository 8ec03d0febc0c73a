using Grpc.Core;
using Grpc.Health.V1;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Grid.Protos.V1;
using MeLo.Hosting;
using MeLo.Model.Adapters;
using MeLo.Model.Vit;
using MeLo.Serving.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeLo.Grid.IntegrationTests;

/// <summary>Probes that mean something: liveness is the process, readiness is the ability to serve.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task A_gateway_without_a_backbone_silo_is_alive_but_not_ready()
    {
        await using var grid = await ServeGrid.StartAsync(silo: s => s.ServeBackbone = false);
        var health = new Health.HealthClient(grid.Channel);

        var readiness = await health.CheckAsync(new HealthCheckRequest());
        var liveness = await health.CheckAsync(new HealthCheckRequest { Service = HealthTags.Liveness });

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, readiness.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, liveness.Status);
    }

    [Fact]
    public async Task A_silo_serves_its_probes_over_http_1_on_its_health_port()
    {
        var ports = FreePorts.Take(3);
        using var data = new TempDirectory("melo-health-");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["MeLo:Silo:HealthPort"] = $"{ports[0]}" });
        builder.AddMeLoSilo(s => (s.DataDirectory, s.DemoContent) = (data.Path, false), c => (c.SiloPort, c.GatewayPort) = (ports[1], ports[2]), DemoBackbone.Create());
        builder.AddMeLoSiloHealthEndpoint(ports[0]);
        await using var app = builder.Build();
        app.MapMeLoSiloHealth();
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}") };
            foreach (var path in new[] { "/healthz/live", "/healthz/ready", "/healthz/startup" })
            {
                var response = await http.GetAsync(path);
                Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
                Assert.Equal(new Version(1, 1), response.Version);
            }
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Theory]
    [InlineData(true, 0, HealthStatus.Healthy)]
    [InlineData(true, EngineHealthCheck.FailedPassLimit - 1, HealthStatus.Healthy)]
    [InlineData(true, EngineHealthCheck.FailedPassLimit, HealthStatus.Unhealthy)]
    [InlineData(false, 0, HealthStatus.Unhealthy)]
    public async Task A_silo_whose_device_thread_died_or_whose_forwards_keep_failing_is_not_ready(bool alive, int failedPasses, HealthStatus expected)
    {
        var check = new EngineHealthCheck(new StatisticsEngine(new EngineStatistics(0, 0, 0, 0, 0, 0, 0, 0)
        {
            DeviceThreadAlive = alive, ConsecutiveFailedPasses = failedPasses,
        }));
        Assert.Equal(expected, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public async Task A_real_engine_reports_its_device_thread_alive_until_disposed()
    {
        using var reference = new ReferenceModel();
        var engine = new InferenceEngine(DemoBackbone.Create(), new Serving.Engine.Repository.DirectoryAdapterRepository(
            Microsoft.Extensions.Options.Options.Create(new Serving.Engine.Repository.DirectoryAdapterRepositoryOptions { Root = Path.GetTempPath() })),
            Microsoft.Extensions.Options.Options.Create(new InferenceEngineOptions()));
        Assert.True(engine.Statistics.DeviceThreadAlive);
        await engine.DisposeAsync();
        Assert.False(engine.Statistics.DeviceThreadAlive);
    }

    [Fact]
    public async Task On_shutdown_a_gateway_answers_what_it_read_then_ends_the_stream_asking_the_client_to_reconnect()
    {
        await using var grid = await ServeGrid.StartAsync();
        using var reference = new ReferenceModel();
        await grid.UploadAsync("alpha", reference.AddAdapter(TestTask.Alpha));
        int size = DemoBackbone.Config.ImageSize;
        using var call = grid.Diagnosis.DiagnoseStream();
        for (int i = 0; i < 20; i++)
            await call.RequestStream.WriteAsync(Items.Tensor($"{i}", "alpha", TestImages.Tensor(i, size), size));
        var answers = new List<DiagnosisAnswer>();
        while (answers.Count < 20 && await call.ResponseStream.MoveNext(CancellationToken.None))
            answers.Add(call.ResponseStream.Current);

        grid.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var end = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
                answers.Add(call.ResponseStream.Current);
        });

        Assert.Equal(StatusCode.Unavailable, end.StatusCode);
        Assert.Contains("reconnect", end.Status.Detail);
        Assert.Equal(20, answers.Count);
        Assert.All(answers, a => Assert.NotNull(a.Result));
    }

    /// <summary>An engine that only reports the statistics it is given.</summary>
    sealed class StatisticsEngine(EngineStatistics statistics) : IInferenceEngine
    {
        public EngineStatistics Statistics => statistics;
        public IReadOnlyCollection<AdapterKey> ResidentAdapters => [];
        public int AdapterCapacity => 1;
        public EngineCapabilities Capabilities => throw new NotSupportedException();
        public Task<InferenceResult> InferAsync(InferenceRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ResolvedAdapter> ResolveAsync(string taskId, string? version = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task PinAsync(string taskId, string version, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task UnpinAsync(string taskId, string version) => throw new NotSupportedException();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
