using System.Text.Json.Nodes;
using MeLo.Hosting;
using MeLo.Model.Adapters;
using MeLo.Model.Lora;
using MeLo.Model.SafeTensors;
using MeLo.Model.Vit;

namespace MeLo.Grid.IntegrationTests.Infrastructure;

/// <summary>Adapter files an attacker or a careless trainer would upload: well-formed safetensors with a manifest that does
/// not fit the served backbone or the upload rules.</summary>
static class ForgedAdapters
{
    public static byte[] For(VisionTransformer backbone, int labels = 2, LoraSettings? settings = null, AdapterPreprocessing? preprocessing = null) =>
        RandomAdapter.Create(backbone, new AdapterManifest
        {
            TaskId = "forged",
            Labels = [.. Enumerable.Range(0, labels).Select(i => $"label-{i}")],
            Preprocessing = preprocessing,
        }, seed: 7, settings);

    /// <summary>The same tensors with the manifest JSON edited, as a hand-made file would be.</summary>
    public static byte[] WithManifest(byte[] file, Action<JsonObject> edit) => WithMetadata(file, "melo.manifest", json =>
    {
        var manifest = JsonNode.Parse(json)!.AsObject();
        edit(manifest);
        return manifest.ToJsonString();
    });

    public static byte[] WithMetadata(byte[] file, string key, Func<string, string> edit)
    {
        var (tensors, metadata) = SafeTensorsFile.Read(file);
        try
        {
            metadata[key] = edit(metadata[key]);
            return SafeTensorsFile.Serialize(tensors, metadata);
        }
        finally
        {
            foreach (var tensor in tensors.Values)
                tensor.Dispose();
        }
    }
}
