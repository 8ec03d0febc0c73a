using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace MeLo.ServiceDefaults;

/// <summary>
/// Serves GET /metrics (Prometheus text) on its own HTTP/1.1 port for any MeLo host, web or not: a silo has no web server,
/// and a gateway's gRPC port speaks HTTP/2 only, which Prometheus cannot scrape. It reads the host's own meter provider.
/// </summary>
sealed class PrometheusScrapeServer(MeterProvider meters, TelemetryOptions options) : IHostedService, IAsyncDisposable
{
    public const string Path = "/metrics";

    WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Parse(options.PrometheusAddress), options.PrometheusPort!.Value, listen => listen.Protocols = HttpProtocols.Http1));
        _app = builder.Build();
        _app.UseOpenTelemetryPrometheusScrapingEndpoint(meters, predicate: null, path: Path, configureBranchedPipeline: null, optionsName: null);
        await _app.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
            await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
