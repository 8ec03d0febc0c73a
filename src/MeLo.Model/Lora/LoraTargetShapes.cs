using MeLo.Model.Vit;

namespace MeLo.Model.Lora;

/// <summary>Names and matrix shapes of LoRA targets for a given backbone.</summary>
public static class LoraTargetShapes
{
    public static int InFeatures(this LoraTarget target, VitConfig config) =>
        target == LoraTarget.Fc2 ? config.MlpDim : config.Dim;

    public static int OutFeatures(this LoraTarget target, VitConfig config) =>
        target == LoraTarget.Fc1 ? config.MlpDim : config.Dim;

    /// <summary>Short name used in files and on the command line: q, k, v, o, fc1, fc2.</summary>
    public static string ShortName(this LoraTarget target) => target switch
    {
        LoraTarget.Query => "q",
        LoraTarget.Key => "k",
        LoraTarget.Value => "v",
        LoraTarget.Output => "o",
        LoraTarget.Fc1 => "fc1",
        LoraTarget.Fc2 => "fc2",
        _ => throw new ArgumentOutOfRangeException(nameof(target)),
    };

    public static LoraTarget Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "q" or "query" => LoraTarget.Query,
        "k" or "key" => LoraTarget.Key,
        "v" or "value" => LoraTarget.Value,
        "o" or "out" or "output" or "proj" => LoraTarget.Output,
        "fc1" => LoraTarget.Fc1,
        "fc2" => LoraTarget.Fc2,
        _ => throw new ArgumentException($"Unknown LoRA target '{name}'; use q, k, v, o, fc1 or fc2."),
    };

    /// <summary>Parses a comma-separated list such as "q,v".</summary>
    public static IReadOnlyList<LoraTarget> ParseList(string names) =>
        names.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Parse).Distinct().Order().ToArray();
}
