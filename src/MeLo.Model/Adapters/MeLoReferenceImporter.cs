using System.Globalization;
using System.Text.RegularExpressions;
using MeLo.Model.Lora;
using MeLo.Model.SafeTensors;
using MeLo.Model.Vit;
using static TorchSharp.torch;

namespace MeLo.Model.Adapters;

/// <summary>
/// Imports adapters saved by the MeLo authors' reference code (JamesQFreeman/LoRA-ViT): keys <c>w_a_NNN</c> [r, dim] and
/// <c>w_b_NNN</c> [dim, r] where index 2i is layer i's query and 2i+1 its value, and a head <c>fc_{in}in_{out}out</c>
/// with weight only (their code never saved the bias, so it imports as zero). Their scale is <c>alpha // r</c>; the
/// imported adapter keeps that exact scale by storing alpha = (alpha // r)·r.
/// </summary>
public static partial class MeLoReferenceImporter
{
    public static LoraAdapter Import(string path, VisionTransformer backbone, int referenceAlpha = 4)
    {
        var (tensors, _) = ReadOrThrow(path);
        try
        {
            return Build(tensors, backbone, referenceAlpha, path);
        }
        finally
        {
            foreach (var t in tensors.Values)
                t.Dispose();
        }
    }

    static (Dictionary<string, Tensor>, Dictionary<string, string>) ReadOrThrow(string path)
    {
        try
        {
            return SafeTensorsFile.Read(path);
        }
        catch (SafeTensorsFormatException e)
        {
            throw new AdapterFormatException(e.Message);
        }
    }

    static LoraAdapter Build(Dictionary<string, Tensor> tensors, VisionTransformer backbone, int referenceAlpha, string path)
    {
        var config = backbone.Config;
        var heads = tensors.Keys.Select(k => HeadKey().Match(k)).Where(m => m.Success).ToList();
        if (heads.Count != 1)
            throw new AdapterFormatException($"{path}: expected one head tensor 'fc_<in>in_<out>out', found {heads.Count}.");
        var head = tensors[heads[0].Value];
        int classes = int.Parse(heads[0].Groups[2].Value, CultureInfo.InvariantCulture);
        if (!head.shape.SequenceEqual(new long[] { classes, config.Dim }))
            throw new AdapterFormatException($"{path}: head '{heads[0].Value}' is [{string.Join(",", head.shape)}], expected [{classes},{config.Dim}].");

        int expectedCount = 2 * config.Depth;
        var aKeys = Enumerable.Range(0, expectedCount).Select(i => $"w_a_{i:D3}").ToArray();
        var bKeys = Enumerable.Range(0, expectedCount).Select(i => $"w_b_{i:D3}").ToArray();
        var missing = aKeys.Concat(bKeys).Where(k => !tensors.ContainsKey(k)).ToList();
        if (missing.Count > 0)
            throw new AdapterFormatException(
                $"{path}: backbone '{config.Name}' has {config.Depth} layers, so the file needs w_a/w_b 000..{expectedCount - 1:D3}; missing: {string.Join(", ", missing.Take(10))}.");
        var extra = tensors.Keys.Where(k => !aKeys.Contains(k) && !bKeys.Contains(k) && k != heads[0].Value).ToList();
        if (extra.Count > 0)
            throw new AdapterFormatException($"{path}: unexpected tensors {string.Join(", ", extra.Take(10))}.");
        int rank = (int)tensors[aKeys[0]].shape[0];
        for (int i = 0; i < expectedCount; i++)
        {
            if (!tensors[aKeys[i]].shape.SequenceEqual(new long[] { rank, config.Dim }) || !tensors[bKeys[i]].shape.SequenceEqual(new long[] { config.Dim, rank }))
                throw new AdapterFormatException(
                    $"{path}: {aKeys[i]} is [{string.Join(",", tensors[aKeys[i]].shape)}] and {bKeys[i]} is [{string.Join(",", tensors[bKeys[i]].shape)}]; expected [{rank},{config.Dim}] and [{config.Dim},{rank}].");
        }

        int integerScale = referenceAlpha / rank;
        var settings = new LoraSettings { Rank = rank, Alpha = integerScale * rank, Targets = [LoraTarget.Query, LoraTarget.Value] };
        var adapter = new LoraAdapter(config, settings, classes) { TrainedOn = backbone.Identity };
        using (no_grad())
        {
            for (int layer = 0; layer < config.Depth; layer++)
            {
                adapter.A(LoraTarget.Query)[layer].copy_(tensors[aKeys[2 * layer]]);
                adapter.B(LoraTarget.Query)[layer].copy_(tensors[bKeys[2 * layer]]);
                adapter.A(LoraTarget.Value)[layer].copy_(tensors[aKeys[2 * layer + 1]]);
                adapter.B(LoraTarget.Value)[layer].copy_(tensors[bKeys[2 * layer + 1]]);
            }
            adapter.Head.weight!.copy_(head);
            adapter.Head.bias!.zero_();
        }
        return adapter;
    }

    [GeneratedRegex(@"^fc_(\d+)in_(\d+)out$")]
    private static partial Regex HeadKey();
}
