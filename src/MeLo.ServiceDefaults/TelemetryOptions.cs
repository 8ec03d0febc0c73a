namespace MeLo.ServiceDefaults;

/// <summary>Telemetry settings; bind from configuration section <see cref="SectionName"/>.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "MeLo:Telemetry";

    public TelemetryExporter Exporter { get; set; } = TelemetryExporter.None;

    /// <summary>The service.name resource attribute.</summary>
    public string ServiceName { get; set; } = "melo";

    /// <summary>
    /// Share of new traces recorded (0..1). Parent-based: a span whose caller sent a sampled (or unsampled) traceparent
    /// follows the caller's decision; only root spans are drawn with this ratio.
    /// </summary>
    public double SamplingRatio { get; set; } = 1.0;

    /// <summary>When set, /metrics serves Prometheus text on this port (HTTP/1.1, separate from the HTTP/2 gRPC port).</summary>
    public int? PrometheusPort { get; set; }

    /// <summary>Address the Prometheus port listens on.</summary>
    public string PrometheusAddress { get; set; } = "0.0.0.0";
}
