namespace MeLo.Deployment.Tests.Keda;

/// <summary>One scaler. Only Prometheus is allowed here, with the metadata keys KEDA's Prometheus scaler documents.</summary>
public sealed class KedaTrigger
{
    public static readonly IReadOnlySet<string> PrometheusRequiredKeys = new HashSet<string> { "serverAddress", "query", "threshold" };
    public static readonly IReadOnlySet<string> PrometheusOptionalKeys = new HashSet<string> { "activationThreshold", "namespace", "ignoreNullValues", "unsafeSsl" };

    public string Type { get; set; } = "";
    public string? Name { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];
}
