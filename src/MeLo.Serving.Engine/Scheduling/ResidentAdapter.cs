using MeLo.Model.Adapters;
using MeLo.Model.Lora;

namespace MeLo.Serving.Engine.Scheduling;

/// <summary>An adapter placed on the device: under Mixed a slot of the AdapterStack, under Grouped its own module.</summary>
internal sealed class ResidentAdapter(AdapterKey key, AdapterManifest manifest, long bytes)
{
    public AdapterKey Key { get; } = key;
    public AdapterManifest Manifest { get; } = manifest;
    public long Bytes { get; } = bytes;
    public long LastUsed { get; set; }
    public int Slot { get; set; } = -1;
    public LoraAdapter? Module { get; set; }
}
