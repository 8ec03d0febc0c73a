using System.CommandLine;
using MeLo.Hosting;
using MeLo.Serving.Engine;

namespace MeLo.Cli.Commands;

/// <summary>
/// Options of <c>melo serve|silo|gateway</c>: the gateway's (<see cref="GatewayCommandOptions"/>, shared with
/// <c>melo-gateway</c>) and the silo's backbone, engine, advertised address and probes.
/// </summary>
public sealed class ServingCommandOptions : GatewayCommandOptions
{
    public ServingCommandOptions()
    {
        Data = Setting<string>("--data", "Data directory: adapters and demo content (default .melo).", MeLoDataDirectory.ConfigurationKey);
        Weights = Setting<string>("--weights", "Pretrained backbone weights; without them the untrained demo backbone is served.", $"{MeLoSiloOptions.SectionName}:Weights");
        Config = Setting<string>("--config", "Named backbone config or JSON file (with --weights).", $"{MeLoSiloOptions.SectionName}:Config");
        // The same names as melo forward/train (timm, torchvision|tv, hf|huggingface), stored as the enum's name.
        Naming = Map(new Option<string>("--naming") { Description = "Parameter naming of the weights: timm, torchvision or hf." },
            (naming, parse) => parse.GetValue(naming) is { } value
                ? [new($"{MeLoSiloOptions.SectionName}:Naming", CheckpointOptions.ParseNaming(value).ToString())]
                : []);
        Policy = Setting<string>("--policy", "Engine scheduling policy: mixed or grouped (default mixed).", $"{InferenceEngineOptions.SectionName}:Policy");
        Device = Setting<string>("--device", "Engine device: cpu or cuda:N.", $"{InferenceEngineOptions.SectionName}:Device");
        DType = Setting<string>("--dtype", "Engine precision of backbone weights and activations: fp32, bf16 or fp16 (default fp32).",
            $"{InferenceEngineOptions.SectionName}:{nameof(InferenceEngineOptions.DType)}");
        HealthPort = Setting<int>("--health-port", "HTTP/1.1 port for the silo's probes (/healthz/live, /healthz/ready, /healthz/startup); default none.",
            $"{MeLoSiloOptions.SectionName}:{nameof(MeLoSiloOptions.HealthPort)}");
        Advertise = Setting<string>("--advertise", "IP address this silo advertises to the others (Redis clustering).", $"{MeLoClusterOptions.SectionName}:AdvertisedAddress");
        NoBackbone = Flag("--no-backbone", "Run a silo without a backbone (it never hosts adapter grains).", $"{MeLoSiloOptions.SectionName}:ServeBackbone", "false");
    }

    public Option Data { get; }
    public Option Weights { get; }
    public Option Config { get; }
    public Option Naming { get; }
    public Option Policy { get; }
    public Option Device { get; }
    public Option DType { get; }
    public Option Advertise { get; }
    public Option HealthPort { get; }
    public Option NoBackbone { get; }

    public IEnumerable<Option> Backbone => [Data, Weights, Config, Naming, Policy, Device, DType];
}
