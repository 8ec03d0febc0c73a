using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MeLo.Data;

namespace MeLo.Training;

/// <summary>
/// What must be unchanged for a checkpoint to be continued: every option that affects the weights, the starting
/// backbone's fingerprint and the training and validation images with their labels.
/// </summary>
internal sealed record TrainingRunIdentity(JsonObject Options, string BackboneFingerprint, string DataDigest)
{
    public static TrainingRunIdentity For(TrainingOptions options, string backboneFingerprint, DatasetSplits data)
    {
        // Where files go, whether to resume, whether to plot and the device do not change the weights.
        var relevant = options with { OutputDirectory = "", CheckpointDirectory = null, Resume = false, WritePlots = true, Device = "cpu" };
        return new(JsonSerializer.SerializeToNode(relevant, TrainingJson.Options)!.AsObject(), backboneFingerprint, Digest(data));
    }

    /// <summary>Names of what differs from <paramref name="other"/>; empty when the run may continue.</summary>
    public IReadOnlyList<string> Differences(TrainingRunIdentity other)
    {
        var differences = Options.Select(p => p.Key).Union(other.Options.Select(p => p.Key))
            .Where(key => !JsonNode.DeepEquals(Options[key], other.Options[key]))
            .Select(key => $"option {key}").ToList();
        if (BackboneFingerprint != other.BackboneFingerprint)
            differences.Add("backbone weights");
        if (DataDigest != other.DataDigest)
            differences.Add("training or validation images");
        return differences;
    }

    static string Digest(DatasetSplits data)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (part, items) in new[] { ("train", data.Train), ("val", data.Validation) })
            foreach (var item in items.Items)
                hash.AppendData(Encoding.UTF8.GetBytes($"{part}\t{item.ImagePath}\t{string.Join(",", item.Labels)}\n"));
        hash.AppendData(Encoding.UTF8.GetBytes(string.Join("\t", data.Train.LabelNames)));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
