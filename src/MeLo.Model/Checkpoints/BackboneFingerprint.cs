using System.Security.Cryptography;
using System.Text;
using MeLo.Model.Vit;
using static TorchSharp.torch;

namespace MeLo.Model.Checkpoints;

/// <summary>
/// A short identity of a backbone's weights: SHA-256 over every parameter's name, shape and up to 4096 evenly strided
/// values (the head excluded, since tasks replace it). Cheap even for ViT-giga, and any re-trained or different
/// checkpoint changes it, so an adapter is never attached to weights it was not trained on.
/// </summary>
public static class BackboneFingerprint
{
    const long SamplesPerTensor = 4096;

    public static string Compute(VisionTransformer backbone)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var scope = NewDisposeScope();
        foreach (var (name, value) in backbone.state_dict().Where(kv => !kv.Key.StartsWith("head.", StringComparison.Ordinal)).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{name}:{string.Join("x", value.shape)};"));
            var flat = value.detach().flatten();
            long step = Math.Max(1, flat.numel() / SamplesPerTensor);
            var sample = flat.narrow(0, 0, flat.numel()).slice(0, 0, flat.numel(), step).to(ScalarType.Float32).cpu().contiguous();
            hash.AppendData(sample.bytes);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
