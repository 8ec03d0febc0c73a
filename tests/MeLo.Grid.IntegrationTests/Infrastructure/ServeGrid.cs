using Grpc.Net.Client;
using MeLo.Gateway;
using MeLo.Grid.Protos.V1;
using MeLo.Hosting;
using MeLo.Model.Vit;
using Microsoft.Extensions.DependencyInjection;

namespace MeLo.Grid.IntegrationTests.Infrastructure;

/// <summary>An <see cref="InProcessGrid"/> on the demo backbone with a gRPC channel and clients to it.</summary>
sealed class ServeGrid : IAsyncDisposable
{
    readonly InProcessGrid _grid;

    ServeGrid(InProcessGrid grid)
    {
        _grid = grid;
        Channel = grid.CreateChannel();
        Diagnosis = new DiagnosisService.DiagnosisServiceClient(Channel);
        Adapters = new AdapterService.AdapterServiceClient(Channel);
    }

    public string Address => _grid.Address;
    public InProcessGrid Grid => _grid;
    public IServiceProvider Services => _grid.Services;
    public GrpcChannel Channel { get; }
    public DiagnosisService.DiagnosisServiceClient Diagnosis { get; }
    public AdapterService.AdapterServiceClient Adapters { get; }

    /// <param name="backbone">What the silo serves (the grid owns it); default: the random demo backbone.</param>
    public static async Task<ServeGrid> StartAsync(
        Action<IServiceCollection>? services = null, Action<MeLoSiloOptions>? silo = null, Action<GatewayOptions>? gateway = null,
        IDictionary<string, string?>? configuration = null, VisionTransformer? backbone = null) =>
        new(await InProcessGrid.StartAsync(backbone ?? DemoBackbone.Create(), configuration, silo: silo, gateway: gateway, services: services));

    /// <summary>Uploads in small chunks, as a client with a large file would.</summary>
    public Task<AdapterInfo> UploadAsync(string taskId, byte[] file, bool activate = true) =>
        Adapters.UploadAsync(taskId, file, activate, chunkBytes: 64 * 1024);

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _grid.DisposeAsync();
    }
}
