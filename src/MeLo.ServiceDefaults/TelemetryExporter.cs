namespace MeLo.ServiceDefaults;

/// <summary>Where traces and metrics go.</summary>
public enum TelemetryExporter
{
    /// <summary>Collected in-process (listeners and tests still see them) but sent nowhere.</summary>
    None,

    /// <summary>OpenTelemetry protocol; endpoint and headers from the standard OTEL_EXPORTER_OTLP_* variables.</summary>
    Otlp,
}
