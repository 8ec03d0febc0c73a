using System.CommandLine;
using MeLo.Model.Vit;

namespace MeLo.Cli.Commands;

/// <summary>
/// --weights/--naming/--config of <see cref="CheckpointOptions"/>, made optional: without --weights a demo backbone is
/// used (--demo-backbone: the untrained one seeded by --demo-seed, or the committed pretrained one), so training and
/// evaluation run without downloading a checkpoint.
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

    public Option<string> DemoBackboneKind { get; } = new("--demo-backbone")
    {
        Description = $"Without --weights: random (the {DemoBackbone.Label}) or pretrained (the {PretrainedDemoBackbone.Label} that melo serve uses).",
        DefaultValueFactory = _ => "random",
    };

    public IEnumerable<Option> All => [.. _checkpoint.All, DemoSeed, DemoBackboneKind];

    public VisionTransformer Load(ParseResult parse)
    {
        if (parse.GetValue(_checkpoint.Weights) is null)
            return parse.GetValue(DemoBackboneKind) switch
            {
                "random" => DemoBackbone.Create(parse.GetValue(DemoSeed)),
                "pretrained" => PretrainedDemoBackbone.Load(),
                var other => throw new ArgumentException($"Unknown --demo-backbone '{other}'; use random or pretrained."),
            };
        if (parse.GetValue(_checkpoint.Config) is null)
            throw new ArgumentException("--weights needs --config (a named backbone config or a JSON file).");
        return _checkpoint.Load(parse);
    }
}
