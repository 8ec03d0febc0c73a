using System.Text.Json;
using System.Text.Json.Serialization;

namespace MeLo.Model.Vit;

/// <summary>
/// The shape of a Vision Transformer backbone. Named configs cover every backbone MeLo uses; custom ones come from JSON
/// (camelCase keys, e.g. <c>{"name":"x","imageSize":224,"patchSize":16,"dim":768,"depth":12,"heads":12,"mlpDim":3072}</c>).
/// </summary>
public sealed record VitConfig
{
    public required string Name { get; init; }
    public int ImageSize { get; init; } = 224;
    public int PatchSize { get; init; } = 16;
    public int Channels { get; init; } = 3;
    public required int Dim { get; init; }
    public required int Depth { get; init; }
    public required int Heads { get; init; }
    public required int MlpDim { get; init; }

    /// <summary>Classes of the checkpoint's own head; 0 for a headless backbone (its head keys, if any, are ignored).</summary>
    public int NumClasses { get; init; }

    /// <summary>CLIP towers normalise the tokens before the first block (timm <c>norm_pre</c>).</summary>
    public bool PreNorm { get; init; }

    /// <summary>CLIP towers have no bias on the patch projection.</summary>
    public bool PatchBias { get; init; } = true;

    public double LayerNormEps { get; init; } = 1e-6;
    public VitActivation Activation { get; init; } = VitActivation.Gelu;
    public PositionEmbeddingResample PositionEmbeddingResample { get; init; } = PositionEmbeddingResample.Timm;

    /// <summary>Normalisation applied to input pixels. MeLo normalises every backbone with ImageNet statistics.</summary>
    public float[] Mean { get; init; } = [0.485f, 0.456f, 0.406f];
    public float[] Std { get; init; } = [0.229f, 0.224f, 0.225f];

    [JsonIgnore] public int HeadDim => Dim / Heads;
    [JsonIgnore] public int GridSize => ImageSize / PatchSize;

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = true,
    };

    /// <summary>Every backbone the MeLo paper uses, by timm name.</summary>
    public static IReadOnlyDictionary<string, VitConfig> Named { get; } = new Dictionary<string, VitConfig>
    {
        ["vit_tiny_patch16_224"] = ImageNet("vit_tiny_patch16_224", 192, 12, 3, 768),
        ["vit_small_patch16_224"] = ImageNet("vit_small_patch16_224", 384, 12, 6, 1536),
        ["vit_base_patch16_224"] = ImageNet("vit_base_patch16_224", 768, 12, 12, 3072),
        ["vit_large_patch16_224"] = ImageNet("vit_large_patch16_224", 1024, 24, 16, 4096),
        ["vit_huge_patch14_clip_224"] = Clip("vit_huge_patch14_clip_224", 1280, 32, 16, 5120),
        ["vit_giant_patch14_clip_224"] = Clip("vit_giant_patch14_clip_224", 1408, 40, 16, 6144),
        ["vit_gigantic_patch14_clip_224"] = Clip("vit_gigantic_patch14_clip_224", 1664, 48, 16, 8192),
    };

    /// <summary>A named config, or a JSON file path.</summary>
    public static VitConfig Resolve(string nameOrPath)
    {
        if (Named.TryGetValue(nameOrPath, out var named))
            return named;
        if (File.Exists(nameOrPath))
            return FromJson(File.ReadAllText(nameOrPath));
        throw new ArgumentException(
            $"Unknown backbone config '{nameOrPath}': not a named config ({string.Join(", ", Named.Keys)}) and no such JSON file.");
    }

    public static VitConfig FromJson(string json)
    {
        var config = JsonSerializer.Deserialize<VitConfig>(json, JsonOptions)
            ?? throw new ArgumentException("Backbone config JSON is empty.");
        config.Validate();
        return config;
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public void Validate()
    {
        var problems = new List<string>();
        if (Dim <= 0 || Depth <= 0 || Heads <= 0 || MlpDim <= 0 || PatchSize <= 0 || ImageSize <= 0 || Channels <= 0)
            problems.Add("imageSize, patchSize, channels, dim, depth, heads and mlpDim must be positive");
        if (Heads > 0 && Dim % Heads != 0)
            problems.Add($"dim {Dim} is not divisible by heads {Heads}");
        if (PatchSize > 0 && ImageSize % PatchSize != 0)
            problems.Add($"imageSize {ImageSize} is not a multiple of patchSize {PatchSize}");
        if (NumClasses < 0)
            problems.Add("numClasses must be 0 or more");
        if (Mean.Length != Channels || Std.Length != Channels)
            problems.Add($"mean and std need {Channels} values");
        if (problems.Count > 0)
            throw new ArgumentException($"Invalid backbone config '{Name}': {string.Join("; ", problems)}.");
    }

    static VitConfig ImageNet(string name, int dim, int depth, int heads, int mlp) => new()
    {
        Name = name, PatchSize = 16, Dim = dim, Depth = depth, Heads = heads, MlpDim = mlp, NumClasses = 1000,
    };

    // timm's CLIP towers: pre-norm, no patch bias, LayerNorm eps 1e-5, headless for MeLo.
    static VitConfig Clip(string name, int dim, int depth, int heads, int mlp) => new()
    {
        Name = name, PatchSize = 14, Dim = dim, Depth = depth, Heads = heads, MlpDim = mlp,
        PreNorm = true, PatchBias = false, LayerNormEps = 1e-5,
    };
}
