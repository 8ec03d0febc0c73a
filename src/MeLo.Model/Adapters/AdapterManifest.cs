using System.Text.Json;
using System.Text.Json.Serialization;
using MeLo.Model.Vit;

namespace MeLo.Model.Adapters;

/// <summary>
/// The self-description stored in an adapter file's safetensors header (metadata key <c>melo.manifest</c>, JSON).
/// Serving needs nothing else to use the adapter: labels, thresholds, preprocessing and the backbone it belongs to.
/// </summary>
public sealed record AdapterManifest
{
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;
    public required string TaskId { get; init; }
    public string DisplayName { get; init; } = "";
    /// <summary>Version label of this adapter within its task (set by the adapter repository).</summary>
    public string Version { get; init; } = "";
    public required IReadOnlyList<string> Labels { get; init; }
    public bool MultiLabel { get; init; }
    /// <summary>Per-label decision thresholds on sigmoid probabilities (multi-label); empty for single-label (argmax).</summary>
    public IReadOnlyList<float> Thresholds { get; init; } = [];
    public int Rank { get; init; }
    public double Alpha { get; init; }
    /// <summary>Always "alpha/r" (see <see cref="Lora.LoraSettings"/>).</summary>
    public string ScaleConvention { get; init; } = "alpha/r";
    public IReadOnlyList<string> Targets { get; init; } = [];
    public string DType { get; init; } = "F32";
    public AdapterPreprocessing? Preprocessing { get; init; }
    public VitConfig? BackboneConfig { get; init; }
    public string BackboneFingerprint { get; init; } = "";
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
    /// <summary>How the adapter was trained, as a results table names it ("MeLo (LoRA r=4)", "Linear probe"); empty when not known.</summary>
    public string Method { get; init; } = "";
    /// <summary>Parameters trained to make the adapter (LoRA plus head); null when not known, e.g. for imported adapters.</summary>
    public long? TrainableParameters { get; init; }
    /// <summary>Free-form provenance for people, e.g. "melo train: MeLo (LoRA r=4)" or "imported from LoRA-ViT"; never parsed.</summary>
    public string Source { get; init; } = "";
    public DateTimeOffset? CreatedAt { get; init; }

    [JsonIgnore] public BackboneIdentity Backbone => new(BackboneConfig?.Name ?? "", BackboneFingerprint);

    public string ToJson() => JsonSerializer.Serialize(this, VitConfig.JsonOptions);

    public static AdapterManifest FromJson(string json) =>
        JsonSerializer.Deserialize<AdapterManifest>(json, VitConfig.JsonOptions) ?? throw new JsonException("manifest is null");
}
