using MeLo.Model.Vit;

namespace MeLo.Training;

/// <summary>A fully fine-tuned model read from a file, with its manifest.</summary>
public sealed record LoadedFullModel(VisionTransformer Model, FullModelManifest Manifest) : IDisposable
{
    public void Dispose() => Model.Dispose();
}
