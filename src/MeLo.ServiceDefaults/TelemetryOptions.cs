namespace MeLo.ServiceDefaults;

/// <summary>Telemetry settings; bind from configuration section <see cref="SectionName"/>.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "MeLo:Telemetry";

    public TelemetryExporter Exporter { get; set; } = TelemetryExporter.None;

    /// <summary>The service.name resource attribute.</summary>
    public string ServiceName { get; set; } = "melo";
}
