using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace MeLo.Model.Checkpoints;

/// <summary>
/// Renames a state dict from timm, torchvision or Hugging Face naming to this model's (timm) names.
/// Hugging Face's separate query/key/value are fused into one q|k|v matrix, as timm and torchvision store it.
/// </summary>
public static partial class CheckpointKeyMapper
{
    /// <summary>Canonical tensors, plus source keys that have no place in the model (reported as unexpected).</summary>
    public static (Dictionary<string, Tensor> Mapped, List<string> Unmapped) Map(IReadOnlyDictionary<string, Tensor> source, CheckpointNaming naming)
    {
        var mapped = new Dictionary<string, Tensor>();
        var unmapped = new List<string>();
        var qkvParts = new Dictionary<string, Tensor?[]>();
        foreach (var (rawKey, value) in source)
        {
            // DataParallel prefixes every key with "module.".
            var key = rawKey.StartsWith("module.", StringComparison.Ordinal) ? rawKey["module.".Length..] : rawKey;
            switch (naming)
            {
                case CheckpointNaming.Timm:
                    mapped[key] = value;
                    break;
                case CheckpointNaming.Torchvision:
                    if (Torchvision(key) is { } tv) mapped[tv] = value; else unmapped.Add(rawKey);
                    break;
                case CheckpointNaming.HuggingFace:
                    if (HuggingFaceQkv(key) is { } part)
                        (qkvParts.TryGetValue(part.Target, out var parts) ? parts : qkvParts[part.Target] = new Tensor?[3])[part.Index] = value;
                    else if (HuggingFace(key) is { } hf) mapped[hf] = value;
                    else unmapped.Add(rawKey);
                    break;
            }
        }
        foreach (var (target, parts) in qkvParts)
        {
            if (parts.All(p => p is not null))
                mapped[target] = cat(parts!, 0);
            else
                unmapped.AddRange(new[] { "query", "key", "value" }.Where((_, i) => parts[i] is not null).Select(n => $"{target} ({n} only; its q/k/v set is incomplete)"));
        }
        return (mapped, unmapped);
    }

    static string? Torchvision(string key)
    {
        switch (key)
        {
            case "class_token": return "cls_token";
            case "encoder.pos_embedding": return "pos_embed";
        }
        if (Rename(key, "conv_proj.", "patch_embed.proj.") is { } patch) return patch;
        if (Rename(key, "encoder.ln.", "norm.") is { } norm) return norm;
        if (Rename(key, "heads.head.", "head.") is { } head) return head;
        var m = TorchvisionLayer().Match(key);
        if (!m.Success) return null;
        var rest = m.Groups[2].Value switch
        {
            "self_attention.in_proj_weight" => "attn.qkv.weight",
            "self_attention.in_proj_bias" => "attn.qkv.bias",
            var r when r.StartsWith("self_attention.out_proj.", StringComparison.Ordinal) => "attn.proj." + r["self_attention.out_proj.".Length..],
            var r when r.StartsWith("ln_1.", StringComparison.Ordinal) => "norm1." + r["ln_1.".Length..],
            var r when r.StartsWith("ln_2.", StringComparison.Ordinal) => "norm2." + r["ln_2.".Length..],
            var r when r.StartsWith("mlp.0.", StringComparison.Ordinal) => "mlp.fc1." + r["mlp.0.".Length..],
            var r when r.StartsWith("mlp.linear_1.", StringComparison.Ordinal) => "mlp.fc1." + r["mlp.linear_1.".Length..],
            var r when r.StartsWith("mlp.3.", StringComparison.Ordinal) => "mlp.fc2." + r["mlp.3.".Length..],
            var r when r.StartsWith("mlp.linear_2.", StringComparison.Ordinal) => "mlp.fc2." + r["mlp.linear_2.".Length..],
            _ => null,
        };
        return rest is null ? null : $"blocks.{m.Groups[1].Value}.{rest}";
    }

    static string? HuggingFace(string key)
    {
        key = key.StartsWith("vit.", StringComparison.Ordinal) ? key["vit.".Length..] : key;
        switch (key)
        {
            case "embeddings.cls_token": return "cls_token";
            case "embeddings.position_embeddings": return "pos_embed";
        }
        if (Rename(key, "embeddings.patch_embeddings.projection.", "patch_embed.proj.") is { } patch) return patch;
        if (Rename(key, "layernorm.", "norm.") is { } norm) return norm;
        if (Rename(key, "classifier.", "head.") is { } head) return head;
        var m = HuggingFaceLayer().Match(key);
        if (!m.Success) return null;
        var rest = m.Groups[2].Value;
        string? mappedRest =
            Rename(rest, "layernorm_before.", "norm1.") ?? Rename(rest, "layernorm_after.", "norm2.") ??
            Rename(rest, "attention.output.dense.", "attn.proj.") ?? Rename(rest, "intermediate.dense.", "mlp.fc1.") ??
            Rename(rest, "output.dense.", "mlp.fc2.");
        return mappedRest is null ? null : $"blocks.{m.Groups[1].Value}.{mappedRest}";
    }

    static (string Target, int Index)? HuggingFaceQkv(string key)
    {
        var m = HuggingFaceQkvPattern().Match(key);
        if (!m.Success) return null;
        int index = m.Groups[2].Value switch { "query" => 0, "key" => 1, _ => 2 };
        return ($"blocks.{m.Groups[1].Value}.attn.qkv.{m.Groups[3].Value}", index);
    }

    static string? Rename(string key, string from, string to) =>
        key.StartsWith(from, StringComparison.Ordinal) ? to + key[from.Length..] : null;

    [GeneratedRegex(@"^encoder\.layers\.encoder_layer_(\d+)\.(.+)$")]
    private static partial Regex TorchvisionLayer();

    [GeneratedRegex(@"^encoder\.layer\.(\d+)\.(.+)$")]
    private static partial Regex HuggingFaceLayer();

    [GeneratedRegex(@"^(?:vit\.)?encoder\.layer\.(\d+)\.attention\.attention\.(query|key|value)\.(weight|bias)$")]
    private static partial Regex HuggingFaceQkvPattern();
}
