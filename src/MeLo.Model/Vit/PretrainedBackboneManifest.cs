using System.Text.Json;

namespace MeLo.Model.Vit;

/// <summary>
/// The sidecar <c>NAME.json</c> of a backbone made by <c>melo pretrain</c>: what it is, how to make it again and the
/// SHA-256 of its weights file, which <see cref="PretrainedDemoBackbone.Load(string)"/> verifies before loading.
/// </summary>
public sealed record PretrainedBackboneManifest
{
    public const string FormatName = "melo.pretrained_backbone";

    public string Format { get; init; } = FormatName;

    public required VitConfig Config { get; init; }

    /// <summary>The weights file's name, beside the manifest (fp16 safetensors, timm naming, headless).</summary>
    public required string WeightsFile { get; init; }

    /// <summary>Lower-case hex SHA-256 of the weights file's bytes.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The command line that made the weights.</summary>
    public required string Command { get; init; }

    public required int Seed { get; init; }

    /// <summary>What the backbone was pretrained on (a SYNTHETIC source distribution, not ImageNet).</summary>
    public required string Source { get; init; }

    public required int SourceClasses { get; init; }

    public required long ImagesSeen { get; init; }

    /// <summary>Top-1 accuracy on held-out source images after the last epoch.</summary>
    public required double SourceValidationAccuracy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, VitConfig.JsonOptions);

    public static PretrainedBackboneManifest FromJson(string json, string source) =>
        JsonSerializer.Deserialize<PretrainedBackboneManifest>(json, VitConfig.JsonOptions) is { Format: FormatName } manifest
            ? manifest
            : throw new InvalidDataException($"{source} is not a {FormatName} manifest.");
}
