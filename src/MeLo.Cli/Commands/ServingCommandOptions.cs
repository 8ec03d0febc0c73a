using System.CommandLine;
using System.Globalization;
using MeLo.Gateway;
using MeLo.Gateway.Security;
using MeLo.Hosting;
using MeLo.Serving.Engine;
using MeLo.ServiceDefaults;

namespace MeLo.Cli.Commands;

/// <summary>
/// Options of <c>melo serve|silo|gateway</c>. Each maps onto a configuration key, so appsettings.json and environment
/// variables (e.g. <c>MeLo__Endpoint__Port=5001</c>) configure the same settings; an option given on the command line wins.
/// </summary>
public sealed class ServingCommandOptions
{
    readonly Dictionary<Option, Func<ParseResult, IEnumerable<KeyValuePair<string, string?>>>> _settings = [];

    public ServingCommandOptions()
    {
        Address = Setting<string>("--address", "IP address the gRPC endpoint listens on, or 'localhost' (default 127.0.0.1).", $"{MeLoEndpointOptions.SectionName}:Address");
        Port = Setting<int>("--port", "gRPC port (default 5000; 0 picks a free one).", $"{MeLoEndpointOptions.SectionName}:Port");
        MaxInFlight = Setting<int>("--max-in-flight", "Items outstanding per DiagnoseStream before the gateway stops reading (default 64).",
            $"{GatewayOptions.SectionName}:{nameof(GatewayOptions.MaxInFlightPerStream)}");
        Data = Setting<string>("--data", "Data directory: adapters and demo content (default .melo).", $"{MeLoSiloOptions.SectionName}:DataDirectory");
        Weights = Setting<string>("--weights", "Pretrained backbone weights; without them the untrained demo backbone is served.", $"{MeLoSiloOptions.SectionName}:Weights");
        Config = Setting<string>("--config", "Named backbone config or JSON file (with --weights).", $"{MeLoSiloOptions.SectionName}:Config");
        // The same names as melo forward/train (timm, torchvision|tv, hf|huggingface), stored as the enum's name.
        var naming = new Option<string>("--naming") { Description = "Parameter naming of the weights: timm, torchvision or hf." };
        _settings[naming] = parse => parse.GetValue(naming) is { } value
            ? [new($"{MeLoSiloOptions.SectionName}:Naming", CheckpointOptions.ParseNaming(value).ToString())]
            : [];
        Naming = naming;
        Policy = Setting<string>("--policy", "Engine scheduling policy: mixed or grouped (default mixed).", $"{InferenceEngineOptions.SectionName}:Policy");
        Device = Setting<string>("--device", "Engine device: cpu or cuda:N.", $"{InferenceEngineOptions.SectionName}:Device");
        DType = Setting<string>("--dtype", "Engine precision of backbone weights and activations: fp32, bf16 or fp16 (default fp32).",
            $"{InferenceEngineOptions.SectionName}:{nameof(InferenceEngineOptions.DType)}");
        SiloPort = Setting<int>("--silo-port", "Orleans silo-to-silo port (default 11111).", $"{MeLoClusterOptions.SectionName}:SiloPort");
        GatewayPort = Setting<int>("--gateway-port", "Orleans client gateway port of the silo (default 30000).", $"{MeLoClusterOptions.SectionName}:GatewayPort");
        ClusterId = Setting<string>("--cluster-id", "Orleans cluster id (default melo).", $"{MeLoClusterOptions.SectionName}:ClusterId");
        HealthPort = Setting<int>("--health-port", "HTTP/1.1 port for the silo's probes (/healthz/live, /healthz/ready, /healthz/startup); default none.",
            $"{MeLoSiloOptions.SectionName}:{nameof(MeLoSiloOptions.HealthPort)}");
        MetricsPort = Setting<int>("--metrics-port", "Serve Prometheus metrics at /metrics on this port (HTTP/1.1; off by default).",
            $"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.PrometheusPort)}");
        Advertise = Setting<string>("--advertise", "IP address this silo advertises to the others (Redis clustering).", $"{MeLoClusterOptions.SectionName}:AdvertisedAddress");
        var redis = new Option<string>("--redis") { Description = "Join the cluster through Redis, e.g. localhost:6379." };
        _settings[redis] = parse => parse.GetValue(redis) is { } connection
            ? [new($"{MeLoClusterOptions.SectionName}:Clustering", nameof(ClusteringMode.Redis)), new($"{MeLoClusterOptions.SectionName}:RedisConnectionString", connection)]
            : [];
        Redis = redis;
        var noBackbone = new Option<bool>("--no-backbone") { Description = "Run a silo without a backbone (it never hosts adapter grains)." };
        _settings[noBackbone] = parse => parse.GetValue(noBackbone) ? [new($"{MeLoSiloOptions.SectionName}:ServeBackbone", "false")] : [];
        NoBackbone = noBackbone;
        var noAuth = new Option<bool>("--insecure-no-auth") { Description = "Development only: no authentication at all (MeLo:Auth:Enabled=false); logs a warning." };
        _settings[noAuth] = parse => parse.GetValue(noAuth) ? [new($"{AuthOptions.SectionName}:{nameof(AuthOptions.Enabled)}", "false")] : [];
        var insecure = new Option<bool>("--insecure") { Description = "Allow a non-loopback --address without TLS (only behind a TLS-terminating proxy or mesh)." };
        _settings[insecure] = parse => parse.GetValue(insecure) ? [new($"{MeLoEndpointOptions.SectionName}:{nameof(MeLoEndpointOptions.Insecure)}", "true")] : [];
        var reflection = new Option<bool>("--reflection") { Description = "Serve gRPC server reflection (off by default)." };
        _settings[reflection] = parse => parse.GetValue(reflection) ? [new($"{MeLoEndpointOptions.SectionName}:{nameof(MeLoEndpointOptions.Reflection)}", "true")] : [];
        Security = [noAuth, insecure, reflection];
    }

    /// <summary>--insecure-no-auth, --insecure and --reflection.</summary>
    public IReadOnlyList<Option> Security { get; }

    public Option Address { get; }
    public Option Port { get; }
    public Option MaxInFlight { get; }
    public Option Data { get; }
    public Option Weights { get; }
    public Option Config { get; }
    public Option Naming { get; }
    public Option Policy { get; }
    public Option Device { get; }
    public Option DType { get; }
    public Option SiloPort { get; }
    public Option GatewayPort { get; }
    public Option ClusterId { get; }
    public Option MetricsPort { get; }
    public Option Advertise { get; }
    public Option HealthPort { get; }
    public Option Redis { get; }
    public Option NoBackbone { get; }

    public IEnumerable<Option> Backbone => [Data, Weights, Config, Naming, Policy, Device, DType];
    public IEnumerable<Option> Endpoint => [Address, Port, MaxInFlight, .. Security];
    public IEnumerable<Option> Cluster => [Redis, SiloPort, GatewayPort, ClusterId];

    /// <summary>The configuration set by the options given on the command line.</summary>
    public Dictionary<string, string?> ToConfiguration(ParseResult parse) =>
        _settings.Where(s => parse.GetResult(s.Key) is not null).SelectMany(s => s.Value(parse)).ToDictionary(kv => kv.Key, kv => kv.Value);

    Option<T> Setting<T>(string name, string description, string key)
    {
        var option = new Option<T>(name) { Description = description };
        _settings[option] = parse => parse.GetResult(option) is { Implicit: false }
            ? [new(key, Convert.ToString(parse.GetValue(option), CultureInfo.InvariantCulture))]
            : [];
        return option;
    }
}
