using System.Text.Json;
using MeLo.Model.Adapters;
using MeLo.Model.Vit;

namespace MeLo.Training;

/// <summary>
/// The self-description of a fully fine-tuned model file (safetensors metadata key <c>melo.manifest</c>, JSON). The
/// config's <c>numClasses</c> is the task's, since the file's <c>head.*</c> is the task head.
/// </summary>
public sealed record FullModelManifest
{
    public required string TaskId { get; init; }
    public required IReadOnlyList<string> Labels { get; init; }
    public bool MultiLabel { get; init; }
    /// <summary>Per-label decision thresholds on sigmoid probabilities (multi-label); empty for single-label.</summary>
    public IReadOnlyList<float> Thresholds { get; init; } = [];
    public required VitConfig Config { get; init; }
    public required AdapterPreprocessing Preprocessing { get; init; }
    /// <summary>Fingerprint of the pretrained backbone the fine-tuning started from.</summary>
    public string StartedFromFingerprint { get; init; } = "";
    public long TrainableParameters { get; init; }
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
    public string Source { get; init; } = "";
    public DateTimeOffset? CreatedAt { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, VitConfig.JsonOptions);

    public static FullModelManifest FromJson(string json) =>
        JsonSerializer.Deserialize<FullModelManifest>(json, VitConfig.JsonOptions) ?? throw new JsonException("manifest is null");
}
