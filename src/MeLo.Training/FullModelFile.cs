using MeLo.Model.Checkpoints;
using MeLo.Model.SafeTensors;
using MeLo.Model.Vit;
using static TorchSharp.torch;

namespace MeLo.Training;

/// <summary>
/// A fully fine-tuned model: safetensors with the backbone's state dict in timm naming and the task head as
/// <c>head.weight</c>/<c>head.bias</c> (so timm and <see cref="BackboneLoader"/> read it as a checkpoint with a task-sized
/// head), metadata <c>format=melo.full_model</c> and the JSON <see cref="FullModelManifest"/>. fp32.
/// </summary>
public static class FullModelFile
{
    public const string FormatName = "melo.full_model";
    const string FormatKey = "format";
    const string ManifestKey = "melo.manifest";

    /// <param name="head">The task head, replacing the backbone's own classifier if it has one.</param>
    public static void Save(string path, VisionTransformer backbone, TorchSharp.Modules.Linear head, FullModelManifest manifest)
    {
        var tensors = backbone.state_dict().Where(kv => !kv.Key.StartsWith("head.", StringComparison.Ordinal)).ToDictionary();
        tensors["head.weight"] = head.weight!;
        tensors["head.bias"] = head.bias!;
        SafeTensorsFile.Write(path, tensors, new Dictionary<string, string> { [FormatKey] = FormatName, [ManifestKey] = manifest.ToJson() });
    }

    /// <exception cref="InvalidDataException">The file is not a full model file.</exception>
    /// <exception cref="CheckpointLoadException">Its tensors do not fit the config in its manifest.</exception>
    public static LoadedFullModel Load(string path)
    {
        var (tensors, metadata) = SafeTensorsFile.Read(path);
        try
        {
            if (!metadata.TryGetValue(FormatKey, out var format) || format != FormatName || !metadata.TryGetValue(ManifestKey, out var json))
                throw new InvalidDataException($"{path} is not a MeLo full model file (metadata 'format' is '{format ?? "(absent)"}', not '{FormatName}').");
            var manifest = FullModelManifest.FromJson(json);
            var model = new VisionTransformer(manifest.Config);
            BackboneLoader.LoadWeights(model, tensors, CheckpointNaming.Timm, path);
            model.Freeze();
            model.eval();
            return new LoadedFullModel(model, manifest);
        }
        finally
        {
            foreach (var tensor in tensors.Values)
                tensor.Dispose();
        }
    }
}
