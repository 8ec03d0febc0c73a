using Grpc.Net.Client;
using MeLo.Gateway;
using MeLo.Gateway.Security;
using MeLo.Grid.Protos.V1;
using MeLo.Model.Vit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MeLo.Hosting;

/// <summary>
/// A whole grid in this process, as `melo serve` runs it (silo + gateway, localhost clustering), on free loopback ports
/// and a temporary data directory that is deleted on dispose. For benchmarks and tests.
/// </summary>
public sealed class InProcessGrid : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly DirectoryInfo _data;

    InProcessGrid(WebApplication app, DirectoryInfo data, string address)
    {
        _app = app;
        _data = data;
        Address = address;
        var auth = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        if (auth.Enabled)
        {
            DiagnoseToken = File.ReadAllText(ApiTokenStore.DefaultTokenPath(auth.KeysDirectory, MeLoRoles.Diagnose)).Trim();
            AdminToken = File.ReadAllText(ApiTokenStore.DefaultTokenPath(auth.KeysDirectory, MeLoRoles.Admin)).Trim();
        }
    }

    /// <summary>The gateway's gRPC address, e.g. http://127.0.0.1:41234 (https:// with MeLo:Tls).</summary>
    public string Address { get; }

    /// <summary>The first-start tokens the gateway wrote (null when authentication is off).</summary>
    public string? DiagnoseToken { get; }

    public string? AdminToken { get; }

    /// <summary>A channel whose calls carry <paramref name="token"/>; the admin token by default, so a client may do anything.</summary>
    public GrpcChannel CreateChannel(string? token = null) => MeLoChannel.ForAddress(Address, token ?? AdminToken);

    public IServiceProvider Services => _app.Services;

    /// <param name="backbone">Served by the silo's engine, which takes ownership of it.</param>
    /// <param name="configuration">Settings by configuration key (e.g. MeLo:Engine:Policy).</param>
    /// <param name="services">Runs last, so it can replace services (e.g. the engine).</param>
    public static async Task<InProcessGrid> StartAsync(VisionTransformer backbone, IDictionary<string, string?>? configuration = null,
        Action<MeLoSiloOptions>? silo = null, Action<GatewayOptions>? gateway = null, Action<IServiceCollection>? services = null)
    {
        var ports = FreePorts.Take(3);
        var data = Directory.CreateTempSubdirectory("melo-grid-");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{MeLoEndpointOptions.SectionName}:Port"] = ports[0].ToString(),
            // The gateway's keys and audit log follow the data directory too, so they go when the grid is disposed.
            [$"{MeLoSiloOptions.SectionName}:{nameof(MeLoSiloOptions.DataDirectory)}"] = data.FullName,
        });
        if (configuration is not null)
            builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddMeLoSilo(s =>
        {
            s.DataDirectory = data.FullName;
            silo?.Invoke(s);
        }, c => (c.SiloPort, c.GatewayPort) = (ports[1], ports[2]), backbone);
        builder.AddMeLoGateway(gateway);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapMeLoGateway();
        await app.StartAsync();
        var scheme = app.Services.GetRequiredService<IOptions<MeLoTlsOptions>>().Value.Enabled ? "https" : "http";
        return new InProcessGrid(app, data, $"{scheme}://127.0.0.1:{ports[0]}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _data.Delete(recursive: true);
    }
}
