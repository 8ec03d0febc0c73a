using MeLo.Model.Vit;
using TorchSharp;
using static TorchSharp.torch;

namespace MeLo.Model.Checkpoints;

/// <summary>Builds a frozen backbone from a checkpoint, refusing any missing, unexpected or mis-shaped key.</summary>
public static class BackboneLoader
{
    const int ListedPerKind = 20;

    public static VisionTransformer Load(VitConfig config, string path, CheckpointNaming naming, Device? device = null)
    {
        var checkpoint = CheckpointReader.Read(path);
        try
        {
            var backbone = new VisionTransformer(config);
            LoadWeights(backbone, checkpoint, naming, path);
            backbone.Freeze();
            backbone.eval();
            if (device is not null)
                backbone.to(device);
            return backbone;
        }
        finally
        {
            foreach (var tensor in checkpoint.Values)
                tensor.Dispose();
        }
    }

    /// <summary>Copies a state dict (in <paramref name="naming"/>) into the backbone after checking every key and shape.</summary>
    public static void LoadWeights(VisionTransformer backbone, IReadOnlyDictionary<string, Tensor> checkpoint, CheckpointNaming naming, string source)
    {
        var (mapped, unexpected) = CheckpointKeyMapper.Map(checkpoint, naming);
        bool headless = backbone.Config.NumClasses == 0;
        // A headless backbone ignores the checkpoint's own classifier; so do the Hugging Face pooler and timm's identity fc_norm.
        foreach (var key in mapped.Keys.Where(k => (headless && k.StartsWith("head.", StringComparison.Ordinal)) || k.StartsWith("pooler.", StringComparison.Ordinal)).ToList())
            mapped.Remove(key);

        var expected = backbone.state_dict();
        var missing = expected.Keys.Where(k => !mapped.ContainsKey(k)).ToList();
        unexpected.AddRange(mapped.Keys.Where(k => !expected.ContainsKey(k)));
        var misShaped = mapped.Where(kv => expected.TryGetValue(kv.Key, out var e) && !e.shape.SequenceEqual(kv.Value.shape))
            .Select(kv => $"{kv.Key}: checkpoint [{string.Join(",", kv.Value.shape)}], model [{string.Join(",", expected[kv.Key].shape)}]")
            .ToList();

        if (missing.Count + unexpected.Count + misShaped.Count > 0)
            throw new CheckpointLoadException(
                $"Checkpoint {source} ({naming} naming) does not fit backbone '{backbone.Config.Name}'" +
                $" (names below are after mapping to timm naming):{Section("missing", missing)}{Section("unexpected", unexpected)}{Section("mis-shaped", misShaped)}");

        using var noGrad = no_grad();
        foreach (var (key, value) in mapped)
            expected[key].copy_(value);
        backbone.RefreshFingerprint();
    }

    static string Section(string kind, List<string> keys) => keys.Count == 0 ? "" :
        $"\n  {keys.Count} {kind}: {string.Join(", ", keys.Order().Take(ListedPerKind))}{(keys.Count > ListedPerKind ? ", …" : "")}";
}
