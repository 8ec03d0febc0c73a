using MeLo.Model.Adapters;
using MeLo.Model.Lora;
using MeLo.Serving.Abstractions;
using MeLo.Serving.Engine.Repository;
using Microsoft.Extensions.Options;

namespace MeLo.Serving.Grains.Uploads;

/// <summary>
/// Decides whether an uploaded adapter may be stored: it must fit a backbone the serving silos report (shape, weights
/// fingerprint, rank), use allowed targets, have few enough labels and sane preprocessing, and keep its task within its
/// quotas. A backbone mismatch is FAILED_PRECONDITION (the file is well-formed, but not for this grid), a bad field
/// INVALID_ARGUMENT naming it, an exceeded quota RESOURCE_EXHAUSTED. Messages quote client text with <see cref="ClientText"/>.
/// </summary>
public sealed class AdapterUploadValidator(IOptions<AdapterUploadOptions> options)
{
    /// <summary>Null when the manifest fits one of <paramref name="served"/> and the upload rules.</summary>
    public ServingFault? Check(AdapterManifest manifest, IReadOnlyCollection<ServedBackbone> served)
    {
        if (served.Count == 0)
            return Fault(FaultKind.Unavailable,
                "No silo serving a backbone has reported yet, so the adapter cannot be checked; nothing was stored. Retry shortly.");
        var config = manifest.BackboneConfig!;
        var shaped = served.Where(b => b.Dim == config.Dim && b.Depth == config.Depth && b.MlpDim == config.MlpDim && b.Channels == config.Channels).ToList();
        if (shaped.Count == 0)
            return Fault(FaultKind.FailedPrecondition,
                $"The adapter is for a backbone of dim {config.Dim}, depth {config.Depth} and mlp {config.MlpDim}, but this grid serves {Describe(served)}.");
        var fitting = shaped.Where(b => b.Name == config.Name && b.Fingerprint == manifest.BackboneFingerprint).ToList();
        if (fitting.Count == 0)
            return Fault(FaultKind.FailedPrecondition,
                $"The adapter was trained on backbone {ClientText.Quote(config.Name)} with weights {ClientText.Quote(manifest.BackboneFingerprint)}, " +
                $"but this grid serves {Describe(served)}. Train or import it on the served backbone.");
        int maxRank = fitting.Min(b => b.MaxRank);
        if (manifest.Rank > maxRank)
            return Fault(FaultKind.FailedPrecondition,
                $"The adapter's LoRA rank {manifest.Rank} is above the serving engines' maximum rank {maxRank} (MeLo:Engine:MaxRank).");
        return CheckTargets(manifest) ?? CheckLabels(manifest) ?? CheckPreprocessing(manifest.Preprocessing, fitting[0]);
    }

    /// <summary>Null when <paramref name="taskId"/> can keep one more version of <paramref name="fileBytes"/> bytes.</summary>
    public ServingFault? CheckQuota(string taskId, long fileBytes, IEnumerable<AdapterDescriptor> stored)
    {
        var limits = options.Value;
        var versions = stored.Where(d => d.TaskId == taskId).ToList();
        if (versions.Count >= limits.MaxVersionsPerTask)
            return Fault(FaultKind.Overloaded,
                $"Task {ClientText.Quote(taskId)} keeps {versions.Count} versions, the most allowed (MeLo:Uploads:MaxVersionsPerTask); delete one first.");
        long bytes = versions.Sum(d => d.SizeBytes);
        if (bytes + fileBytes > limits.MaxBytesPerTask)
            return Fault(FaultKind.Overloaded,
                $"Task {ClientText.Quote(taskId)} keeps {bytes} bytes of adapters; {fileBytes} more would exceed its quota of " +
                $"{limits.MaxBytesPerTask} bytes (MeLo:Uploads:MaxBytesPerTask); delete a version first.");
        return null;
    }

    ServingFault? CheckTargets(AdapterManifest manifest)
    {
        var allowed = LoraTargetShapes.ParseList(options.Value.AllowedTargets);
        var targets = manifest.Targets.Select(LoraTargetShapes.Parse).ToList();
        return targets.All(allowed.Contains) ? null
            : Invalid("adapter.targets", $"The adapter's LoRA targets {ClientText.Quote(string.Join(",", manifest.Targets))} are not allowed; " +
                $"this grid accepts {string.Join(",", allowed.Select(t => t.ShortName()))} (MeLo:Uploads:AllowedTargets).");
    }

    ServingFault? CheckLabels(AdapterManifest manifest)
    {
        int max = options.Value.MaxLabels;
        return manifest.Labels.Count <= max ? null
            : Invalid("adapter.labels", $"The adapter has {manifest.Labels.Count} labels, more than the limit of {max} (MeLo:Uploads:MaxLabels).");
    }

    ServingFault? CheckPreprocessing(AdapterPreprocessing? preprocessing, ServedBackbone backbone)
    {
        // Absent: the engine uses the backbone's own preprocessing, which is valid.
        if (preprocessing is null)
            return null;
        int size = preprocessing.ImageSize, max = options.Value.MaxImageSize;
        if (size <= 0 || size % backbone.PatchSize != 0)
            return Invalid("adapter.preprocessing.imageSize",
                $"The adapter's image size {size} is not a positive multiple of the backbone's patch size {backbone.PatchSize}.");
        if (size > max)
            return Invalid("adapter.preprocessing.imageSize", $"The adapter's image size {size} is above the limit of {max} (MeLo:Uploads:MaxImageSize).");
        return CheckChannels("mean", preprocessing.Mean, backbone.Channels, positive: false)
            ?? CheckChannels("std", preprocessing.Std, backbone.Channels, positive: true);
    }

    static ServingFault? CheckChannels(string name, float[]? values, int channels, bool positive)
    {
        var field = $"adapter.preprocessing.{name}";
        if (values is null || values.Length != channels)
            return Invalid(field, $"The adapter's preprocessing {name} has {values?.Length ?? 0} values; it needs {channels}, one per channel.");
        if (!Array.TrueForAll(values, float.IsFinite))
            return Invalid(field, $"The adapter's preprocessing {name} holds NaN or infinite values.");
        if (positive && !Array.TrueForAll(values, v => v > 0))
            return Invalid(field, $"The adapter's preprocessing {name} must be above 0 for every channel.");
        return null;
    }

    static string Describe(IEnumerable<ServedBackbone> served) => string.Join(" and ", served.Select(b => b.ToString()).Distinct());

    static ServingFault Fault(FaultKind kind, string message) => new() { Kind = kind, Message = message };

    static ServingFault Invalid(string field, string message) => new() { Kind = FaultKind.InvalidArgument, Message = message, Field = field };
}
