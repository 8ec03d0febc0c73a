using MeLo.Model.Lora;

namespace MeLo.Model.Adapters;

/// <summary>An adapter read from a file, with its manifest.</summary>
public sealed record LoadedAdapter(LoraAdapter Adapter, AdapterManifest Manifest) : IDisposable
{
    public void Dispose() => Adapter.Dispose();
}
