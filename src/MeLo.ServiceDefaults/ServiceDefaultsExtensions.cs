using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MeLo.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>Every MeLo activity source and meter is named "MeLo.*" (e.g. MeLo.Gateway, MeLo.Serving.Engine).</summary>
    public const string MeLoSources = "MeLo.*";

    /// <summary>
    /// OpenTelemetry traces, metrics and logs for Orleans (activity sources Microsoft.Orleans.Runtime and
    /// Microsoft.Orleans.Application, meter Microsoft.Orleans), ASP.NET Core/gRPC and MeLo's own sources, sampled parent-based
    /// with <see cref="TelemetryOptions.SamplingRatio"/>. Logs carry the current trace and span ids. The exporter comes from
    /// <see cref="TelemetryOptions"/> (none by default); <see cref="TelemetryOptions.PrometheusPort"/> adds a /metrics port.
    /// MeLo never puts item ids, file names or pixels into telemetry.
    /// </summary>
    public static IHostApplicationBuilder AddMeLoServiceDefaults(this IHostApplicationBuilder builder, Action<TelemetryOptions>? configure = null)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        configure?.Invoke(options);
        var validation = new TelemetryOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
            throw new OptionsValidationException(Options.DefaultName, typeof(TelemetryOptions), validation.Failures);

        builder.Logging.Configure(logging => logging.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.SamplingRatio)))
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Microsoft.AspNetCore", MeLoSources))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter("Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", MeLoSources);
                if (options.PrometheusPort is not null)
                    metrics.AddPrometheusExporter();
            })
            .WithLogging(logging => { }, logger => logger.IncludeScopes = true);
        if (options.Exporter == TelemetryExporter.Otlp)
            telemetry.UseOtlpExporter();
        if (options.PrometheusPort is not null)
            builder.Services.AddHostedService(services => new PrometheusScrapeServer(services.GetRequiredService<MeterProvider>(), options));
        return builder;
    }
}
