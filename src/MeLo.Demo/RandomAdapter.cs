using MeLo.Model.Adapters;
using MeLo.Model.Lora;
using MeLo.Model.Vit;
using static TorchSharp.torch;

namespace MeLo.Hosting;

/// <summary>Untrained adapter files for demos, tests and benchmarks: deterministic by seed, fitted to one backbone.</summary>
public static class RandomAdapter
{
    /// <param name="settings">Rank, alpha and targets; MeLo's defaults (r=4 on q and v) when null.</param>
    public static byte[] Create(VisionTransformer backbone, AdapterManifest manifest, long seed, LoraSettings? settings = null)
    {
        using var adapter = LoraAdapter.Create(backbone, settings ?? LoraSettings.MeLoDefault, manifest.Labels.Count, seed);
        // LoRA's B starts at zero, which would leave the backbone's features untouched; small random values make the
        // adapter really adapt the backbone, as a trained one would.
        var generator = new Generator((ulong)seed);
        using (no_grad())
            foreach (var target in adapter.Settings.Targets)
                adapter.B(target).normal_(0, 0.02, generator);
        return AdapterFile.Serialize(adapter, manifest);
    }
}
