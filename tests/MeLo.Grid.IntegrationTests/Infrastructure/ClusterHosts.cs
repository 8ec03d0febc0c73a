using MeLo.Hosting;
using MeLo.Model.Vit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeLo.Grid.IntegrationTests.Infrastructure;

/// <summary>
/// A silo or a gateway started on its own in the test process, for the multi-host tests that wire a cluster with their
/// own settings (Redis clustering, TLS). A host that does not start within the timeout is disposed and TimeoutException thrown.
/// </summary>
static class ClusterHosts
{
    static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <param name="backbone">Served by the silo; null for a silo that serves no backbone (grains only).</param>
    /// <param name="logging">Adds to the Warning-level logs, e.g. a capturing provider.</param>
    public static Task<IHost> StartSiloAsync(IDictionary<string, string?> settings, int siloPort, int gatewayPort, VisionTransformer? backbone,
        Action<ILoggingBuilder>? logging = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        builder.AddMeLoSilo(s => (s.ServeBackbone, s.DemoContent) = (backbone is not null, false),
            c => (c.SiloPort, c.GatewayPort) = (siloPort, gatewayPort), backbone);
        return StartAsync(builder.Build(), DefaultTimeout);
    }

    public static Task<IHost> StartGatewayAsync(IDictionary<string, string?> settings, int port, TimeSpan? timeout = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"{MeLoEndpointOptions.SectionName}:Port"] = $"{port}" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddMeLoGateway();
        var app = builder.Build();
        app.MapMeLoGateway();
        return StartAsync(app, timeout ?? DefaultTimeout);
    }

    static async Task<IHost> StartAsync(IHost host, TimeSpan timeout)
    {
        try
        {
            await host.StartAsync().WaitAsync(timeout);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}
