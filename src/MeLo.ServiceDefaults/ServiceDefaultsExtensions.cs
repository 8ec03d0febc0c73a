using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Resources;

namespace MeLo.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>Every MeLo activity source and meter is named "MeLo.*" (e.g. MeLo.Gateway).</summary>
    public const string MeLoSources = "MeLo.*";

    /// <summary>
    /// OpenTelemetry tracing and metrics for Orleans (activity sources Microsoft.Orleans.Runtime and
    /// Microsoft.Orleans.Application, meter Microsoft.Orleans), ASP.NET Core/gRPC and MeLo's own sources. The exporter comes
    /// from <see cref="TelemetryOptions"/> (none by default). MeLo never puts item ids or pixels into telemetry.
    /// </summary>
    public static IHostApplicationBuilder AddMeLoServiceDefaults(this IHostApplicationBuilder builder, Action<TelemetryOptions>? configure = null)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        configure?.Invoke(options);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithTracing(tracing => tracing
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Microsoft.AspNetCore", MeLoSources))
            .WithMetrics(metrics => metrics
                .AddMeter("Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", MeLoSources));
        if (options.Exporter == TelemetryExporter.Otlp)
            telemetry.UseOtlpExporter();
        return builder;
    }
}
