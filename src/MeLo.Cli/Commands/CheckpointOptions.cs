using System.CommandLine;
using MeLo.Model.Checkpoints;
using MeLo.Model.Vit;

namespace MeLo.Cli.Commands;

/// <summary>The options that name a pretrained backbone: --weights, --naming and --config.</summary>
public sealed class CheckpointOptions
{
    public Option<string> Weights { get; } = new("--weights") { Description = "Pretrained backbone weights (.safetensors or PyTorch zip .pt).", Required = true };
    public Option<string> Naming { get; } = new("--naming") { Description = "Parameter naming of the weights: timm, torchvision or hf.", DefaultValueFactory = _ => "timm" };
    public Option<string> Config { get; } = new("--config") { Description = "Named backbone config or a JSON file.", Required = true };

    public IEnumerable<Option> All => [Weights, Naming, Config];

    public VisionTransformer Load(ParseResult parse) =>
        BackboneLoader.Load(VitConfig.Resolve(parse.GetValue(Config)!), parse.GetValue(Weights)!, ParseNaming(parse.GetValue(Naming)!));

    public static CheckpointNaming ParseNaming(string naming) => naming.ToLowerInvariant() switch
    {
        "timm" => CheckpointNaming.Timm,
        "torchvision" or "tv" => CheckpointNaming.Torchvision,
        "hf" or "huggingface" => CheckpointNaming.HuggingFace,
        _ => throw new ArgumentException($"Unknown naming '{naming}'; use timm, torchvision or hf."),
    };
}
