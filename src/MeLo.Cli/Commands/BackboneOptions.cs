using System.CommandLine;
using MeLo.Model.Vit;

namespace MeLo.Cli.Commands;

/// <summary>
/// --weights/--naming/--config of <see cref="CheckpointOptions"/>, made optional: without --weights the untrained demo
/// backbone (seeded by --demo-seed) is used, so training and evaluation run without downloading a checkpoint.
/// </summary>
public sealed class BackboneOptions
{
    readonly CheckpointOptions _checkpoint = new();

    public BackboneOptions()
    {
        _checkpoint.Weights.Required = false;
        _checkpoint.Weights.Description += $" Without it: the {DemoBackbone.Label} ({DemoBackbone.Config.Name}).";
        _checkpoint.Config.Required = false;
        _checkpoint.Config.Description += " Required with --weights.";
    }

    public Option<long> DemoSeed { get; } = new("--demo-seed") { Description = "Seed of the demo backbone's random weights.", DefaultValueFactory = _ => DemoBackbone.DefaultSeed };

    public IEnumerable<Option> All => [.. _checkpoint.All, DemoSeed];

    public VisionTransformer Load(ParseResult parse)
    {
        if (parse.GetValue(_checkpoint.Weights) is null)
            return DemoBackbone.Create(parse.GetValue(DemoSeed));
        if (parse.GetValue(_checkpoint.Config) is null)
            throw new ArgumentException("--weights needs --config (a named backbone config or a JSON file).");
        return _checkpoint.Load(parse);
    }
}
