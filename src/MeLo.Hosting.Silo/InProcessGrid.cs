using Grpc.Net.Client;
using MeLo.Gateway;
using MeLo.Gateway.Security;
using MeLo.Grid.Protos.V1;
using MeLo.Model.Vit;
using MeLo.Serving.Engine;
using MeLo.Serving.Grains.Placement;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
    readonly IDictionary<string, string?>? _configuration;
    readonly Action<MeLoSiloOptions>? _silo;
    readonly int _siloPort;
    static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(30);

    readonly List<IHost> _moreSilos = [];

    InProcessGrid(WebApplication app, DirectoryInfo data, string address, IDictionary<string, string?>? configuration, Action<MeLoSiloOptions>? silo, int siloPort)
    {
        _app = app;
        _data = data;
        _configuration = configuration;
        _silo = silo;
        _siloPort = siloPort;
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
        WebApplication? app = null;
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{MeLoEndpointOptions.SectionName}:Port"] = ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
                // The gateway's keys and audit log follow the data directory too, so they go when the grid is disposed.
                [$"{MeLoSiloOptions.SectionName}:{nameof(MeLoSiloOptions.DataDirectory)}"] = data.FullName,
            });
            AddSilo(builder, data, configuration, silo, c => (c.SiloPort, c.GatewayPort) = (ports[1], ports[2]), backbone);
            builder.AddMeLoGateway(gateway);
            services?.Invoke(builder.Services);
            app = builder.Build();
            app.MapMeLoGateway();
            await app.StartAsync();
            var scheme = app.Services.GetRequiredService<IOptions<MeLoTlsOptions>>().Value.Enabled ? "https" : "http";
            return new InProcessGrid(app, data, $"{scheme}://127.0.0.1:{ports[0]}", configuration, silo, ports[1]);
        }
        catch
        {
            // A grid that fails to start (e.g. a bad TLS setting) leaves no data directory behind.
            if (app is not null)
                await app.DisposeAsync();
            data.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Starts one more silo in this process that joins the grid (localhost clustering, the first silo as primary) with the
    /// same configuration and data directory, serving <paramref name="backbone"/> (which its engine takes over; it must be
    /// the same backbone as the first silo's). Returns once every silo's placement has its load report, so the next grains
    /// may go to it. Stopped when the grid is disposed.
    /// </summary>
    /// <returns>The new silo's services (e.g. its engine).</returns>
    public async Task<IServiceProvider> AddSiloAsync(VisionTransformer backbone)
    {
        var ports = FreePorts.Take(2);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        AddSilo(builder, _data, _configuration, _silo, c => (c.SiloPort, c.GatewayPort, c.PrimarySiloPort) = (ports[0], ports[1], _siloPort), backbone);
        var host = builder.Build();
        await host.StartAsync();
        _moreSilos.Add(host);
        await UntilEverySiloHasReportOfAsync(host.Services);
        return host.Services;
    }

    /// <summary>
    /// Placement passes over a silo whose load report it has not seen (an unknown silo is not an idle one), so grains placed
    /// right after a join would all land on the silos already known.
    /// </summary>
    async Task UntilEverySiloHasReportOfAsync(IServiceProvider joined)
    {
        // A silo without a backbone never reports: placement never sends it adapter grains anyway.
        if (joined.GetService<IInferenceEngine>() is null)
            return;
        var address = joined.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        var views = _moreSilos.Select(h => h.Services).Prepend(_app.Services).Select(s => s.GetRequiredService<ServingLoadView>()).ToList();
        using var timeout = new CancellationTokenSource(JoinTimeout);
        while (!views.TrueForAll(view => view.Fresh(address) is not null))
            await Task.Delay(ServingLoadPublisher.ReportInterval / 10, timeout.Token);
    }

    /// <summary>Warnings and errors only, on standard error: a benchmark's table or JSON on standard output stays clean.</summary>
    static void QuietLogging(ILoggingBuilder logging) =>
        logging.SetMinimumLevel(LogLevel.Warning).AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);

    /// <summary>What every silo of the grid gets: the grid's settings, quiet logs and its data directory; only the ports differ.</summary>
    static void AddSilo(IHostApplicationBuilder builder, DirectoryInfo data, IDictionary<string, string?>? configuration, Action<MeLoSiloOptions>? silo,
        Action<MeLoClusterOptions> ports, VisionTransformer backbone)
    {
        if (configuration is not null)
            builder.Configuration.AddInMemoryCollection(configuration);
        QuietLogging(builder.Logging);
        builder.AddMeLoSilo(s =>
        {
            s.DataDirectory = data.FullName;
            silo?.Invoke(s);
        }, ports, backbone);
    }

    public async ValueTask DisposeAsync()
    {
        // The joined silos leave first, so the first (primary) silo sees them go.
        foreach (var silo in _moreSilos)
        {
            await silo.StopAsync();
            silo.Dispose();
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
        _data.Delete(recursive: true);
    }
}
