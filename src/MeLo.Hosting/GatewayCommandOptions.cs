using System.CommandLine;
using System.Globalization;
using MeLo.Gateway;
using MeLo.Gateway.Security;
using MeLo.ServiceDefaults;

namespace MeLo.Hosting;

/// <summary>
/// Options of <c>melo gateway</c> and <c>melo-gateway</c>: endpoint, security, cluster and metrics. <c>melo serve|silo</c>
/// add the backbone's (ServingCommandOptions in MeLo.Cli). Each maps onto a configuration key, so appsettings.json and
/// environment variables (e.g. <c>MeLo__Endpoint__Port=5001</c>) configure the same settings; an option given on the
/// command line wins.
/// </summary>
public class GatewayCommandOptions
{
    readonly Dictionary<Option, Func<ParseResult, IEnumerable<KeyValuePair<string, string?>>>> _settings = [];

    public GatewayCommandOptions()
    {
        Address = Setting<string>("--address", "IP address the gRPC endpoint listens on, or 'localhost' (default 127.0.0.1).", $"{MeLoEndpointOptions.SectionName}:Address");
        Port = Setting<int>("--port", "gRPC port (default 5000; 0 picks a free one).", $"{MeLoEndpointOptions.SectionName}:Port");
        MaxInFlight = Setting<int>("--max-in-flight", "Items outstanding per DiagnoseStream before the gateway stops reading (default 64).",
            $"{GatewayOptions.SectionName}:{nameof(GatewayOptions.MaxInFlightPerStream)}");
        SiloPort = Setting<int>("--silo-port", "Orleans silo-to-silo port (default 11111).", $"{MeLoClusterOptions.SectionName}:SiloPort");
        GatewayPort = Setting<int>("--gateway-port", "Orleans client gateway port of the silo (default 30000).", $"{MeLoClusterOptions.SectionName}:GatewayPort");
        ClusterId = Setting<string>("--cluster-id", "Orleans cluster id (default melo).", $"{MeLoClusterOptions.SectionName}:ClusterId");
        MetricsPort = Setting<int>("--metrics-port", "Serve Prometheus metrics at /metrics on this port (HTTP/1.1; off by default).",
            $"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.PrometheusPort)}");
        Redis = Map(new Option<string>("--redis")
        {
            Description = "Join the cluster through Redis: a StackExchange.Redis configuration, e.g. localhost:6379 or redis:6380,password=...,ssl=true.",
        }, (redis, parse) => parse.GetValue(redis) is { } connection
            ? [new($"{MeLoClusterOptions.SectionName}:Clustering", nameof(ClusteringMode.Redis)), new($"{MeLoClusterOptions.SectionName}:RedisConnectionString", connection)]
            : []);
        Security =
        [
            Flag("--insecure-no-auth", "Development only: no authentication at all (MeLo:Auth:Enabled=false); logs a warning.",
                $"{AuthOptions.SectionName}:{nameof(AuthOptions.Enabled)}", "false"),
            Flag("--insecure", "Allow a non-loopback --address without TLS and authentication (only behind a TLS-terminating proxy or mesh).",
                $"{MeLoEndpointOptions.SectionName}:{nameof(MeLoEndpointOptions.Insecure)}", "true"),
            Flag("--reflection", "Serve gRPC server reflection (off by default).", $"{MeLoEndpointOptions.SectionName}:{nameof(MeLoEndpointOptions.Reflection)}", "true"),
        ];
        Tls =
        [
            Setting<string>("--tls-cert", "Serve gRPC over TLS with this certificate (PEM; re-read when it changes).", $"{MeLoTlsOptions.SectionName}:{nameof(MeLoTlsOptions.CertificateFile)}"),
            Setting<string>("--tls-key", "Private key of --tls-cert (PEM).", $"{MeLoTlsOptions.SectionName}:{nameof(MeLoTlsOptions.KeyFile)}"),
            Setting<string>("--tls-client-ca", "mTLS: require client certificates issued by this CA (PEM).", $"{MeLoTlsOptions.SectionName}:{nameof(MeLoTlsOptions.ClientCaFile)}"),
        ];
        const string clusterTls = $"{MeLoClusterOptions.SectionName}:{nameof(MeLoClusterOptions.Tls)}";
        ClusterTls =
        [
            Setting<string>("--cluster-tls-cert", "TLS between silos and gateways (Redis clustering): this member's certificate (PEM).", $"{clusterTls}:{nameof(ClusterTlsOptions.CertificateFile)}"),
            Setting<string>("--cluster-tls-key", "Private key of --cluster-tls-cert (PEM).", $"{clusterTls}:{nameof(ClusterTlsOptions.KeyFile)}"),
            Setting<string>("--cluster-tls-ca", "The cluster CA (PEM): peers must present a certificate it issued.", $"{clusterTls}:{nameof(ClusterTlsOptions.CaFile)}"),
            Setting<string>("--redis-ca", "With ssl=true in --redis: trust Redis certificates issued by this CA (PEM).", $"{MeLoClusterOptions.SectionName}:{nameof(MeLoClusterOptions.RedisCaFile)}"),
        ];
    }

    /// <summary>--insecure-no-auth, --insecure and --reflection.</summary>
    public IReadOnlyList<Option> Security { get; }

    /// <summary>--tls-cert, --tls-key and --tls-client-ca: HTTPS and mTLS on the gRPC endpoint.</summary>
    public IReadOnlyList<Option> Tls { get; }

    /// <summary>--cluster-tls-cert, --cluster-tls-key, --cluster-tls-ca and --redis-ca.</summary>
    public IReadOnlyList<Option> ClusterTls { get; }

    public Option Address { get; }
    public Option Port { get; }
    public Option MaxInFlight { get; }
    public Option SiloPort { get; }
    public Option GatewayPort { get; }
    public Option ClusterId { get; }
    public Option MetricsPort { get; }
    public Option Redis { get; }

    public IEnumerable<Option> Endpoint => [Address, Port, MaxInFlight, .. Security, .. Tls];
    public IEnumerable<Option> Cluster => [Redis, SiloPort, GatewayPort, ClusterId, .. ClusterTls];

    /// <summary>The configuration set by the options given on the command line.</summary>
    public Dictionary<string, string?> ToConfiguration(ParseResult parse) =>
        _settings.Where(s => parse.GetResult(s.Key) is not null).SelectMany(s => s.Value(parse)).ToDictionary(kv => kv.Key, kv => kv.Value);

    /// <summary>An option whose value is the setting <paramref name="key"/>.</summary>
    protected Option<T> Setting<T>(string name, string description, string key) =>
        Map(new Option<T>(name) { Description = description }, (option, parse) => parse.GetResult(option) is { Implicit: false }
            ? [new(key, Convert.ToString(parse.GetValue(option), CultureInfo.InvariantCulture))]
            : []);

    /// <summary>A switch that, when given, sets <paramref name="key"/> to <paramref name="value"/>.</summary>
    protected Option<bool> Flag(string name, string description, string key, string value) =>
        Map(new Option<bool>(name) { Description = description }, (option, parse) => parse.GetValue(option) ? [new(key, value)] : []);

    /// <summary>An option whose given value <paramref name="settings"/> turns into settings.</summary>
    protected TOption Map<TOption>(TOption option, Func<TOption, ParseResult, IEnumerable<KeyValuePair<string, string?>>> settings) where TOption : Option
    {
        _settings[option] = parse => settings(option, parse);
        return option;
    }
}
