using System.Security.Cryptography;
using MeLo.Model.Checkpoints;

namespace MeLo.Model.Vit;

/// <summary>
/// The <b>pretrained demo backbone</b>: a small ViT that <c>melo pretrain</c> trained on a SYNTHETIC source distribution
/// (generic shapes, textures and spots; not ImageNet, not medical, disjoint from the four synthetic target tasks). It ships
/// with the build as <c>pretrained/melo_pretrained_vit_64.safetensors</c> (fp16, timm naming) and its manifest, and is
/// what <c>melo serve</c>'s demo adapters and <c>melo bench train</c> use. Its SHA-256 is checked on every load.
/// </summary>
public static class PretrainedDemoBackbone
{
    public const string Name = "melo_pretrained_vit_64";

    public const string Label = "pretrained demo backbone (SYNTHETIC source, not ImageNet)";

    /// <summary>The committed weights, as the build copies them beside the assemblies.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "pretrained", Name + ".safetensors");

    /// <summary>
    /// The shape <c>melo pretrain</c> trains by default: 64 px, patch 8, dim 160, depth 4, heads 4, mlp 640 (1.3 M
    /// parameters). Dim 160 is the smallest that keeps LoRA r=4 on q and v (16·depth·dim) with a 14-label head within 1%
    /// of the parameters; depth 4 keeps pretraining within about half an hour on 2 shared cores.
    /// </summary>
    public static VitConfig Config { get; } = new()
    {
        Name = Name, ImageSize = 64, PatchSize = 8, Dim = 160, Depth = 4, Heads = 4, MlpDim = 640,
    };

    /// <summary>The manifest path that belongs to a weights file: the same name with <c>.json</c>.</summary>
    public static string ManifestPath(string weightsPath) => Path.ChangeExtension(weightsPath, ".json");

    /// <summary>The committed backbone, frozen, in eval mode.</summary>
    public static VisionTransformer Load() => Load(DefaultPath);

    /// <summary>A backbone made by <c>melo pretrain</c>, after checking its weights against the manifest's SHA-256.</summary>
    /// <exception cref="CheckpointLoadException">The manifest or weights are missing, unreadable, or the weights' SHA-256 differs.</exception>
    public static VisionTransformer Load(string weightsPath)
    {
        var manifest = ReadManifest(weightsPath);
        return BackboneLoader.Load(manifest.Config, weightsPath, CheckpointNaming.Timm);
    }

    /// <summary>Reads the manifest beside <paramref name="weightsPath"/> and verifies the weights' SHA-256 against it.</summary>
    /// <exception cref="CheckpointLoadException">As for <see cref="Load(string)"/>.</exception>
    public static PretrainedBackboneManifest ReadManifest(string weightsPath)
    {
        string manifestPath = ManifestPath(weightsPath);
        if (!File.Exists(weightsPath) || !File.Exists(manifestPath))
            throw new CheckpointLoadException($"The pretrained backbone needs both {weightsPath} and {manifestPath}; at least one is missing.");
        PretrainedBackboneManifest manifest;
        try
        {
            manifest = PretrainedBackboneManifest.FromJson(File.ReadAllText(manifestPath), manifestPath);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException or ArgumentException)
        {
            throw new CheckpointLoadException($"Cannot read the pretrained backbone manifest {manifestPath}: {e.Message}");
        }
        string actual = Sha256Of(weightsPath);
        if (!string.Equals(actual, manifest.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new CheckpointLoadException(
                $"The pretrained backbone {weightsPath} is corrupt or was replaced: its SHA-256 is {actual}, the manifest {manifestPath} expects {manifest.Sha256}.");
        return manifest;
    }

    /// <summary>Lower-case hex SHA-256 of a file.</summary>
    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
