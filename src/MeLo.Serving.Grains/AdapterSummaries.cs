using MeLo.Serving.Abstractions;
using MeLo.Serving.Engine.Repository;

namespace MeLo.Serving.Grains;

/// <summary>Maps the repository's descriptors (with their torch-side manifests) to the serializable summary.</summary>
static class AdapterSummaries
{
    public static AdapterSummary From(AdapterDescriptor descriptor)
    {
        var manifest = descriptor.Manifest;
        var config = manifest.BackboneConfig;
        var preprocessing = manifest.Preprocessing;
        return new AdapterSummary
        {
            TaskId = descriptor.TaskId,
            Version = descriptor.Version,
            Active = descriptor.Active,
            SizeBytes = descriptor.SizeBytes,
            DisplayName = manifest.DisplayName,
            Labels = [.. manifest.Labels],
            MultiLabel = manifest.MultiLabel,
            Thresholds = [.. manifest.Thresholds],
            Rank = manifest.Rank,
            Alpha = manifest.Alpha,
            Targets = [.. manifest.Targets],
            Preprocessing = preprocessing is not null
                ? new PreprocessingSettings { ImageSize = preprocessing.ImageSize, Mean = preprocessing.Mean, Std = preprocessing.Std }
                : config is not null ? new PreprocessingSettings { ImageSize = config.ImageSize, Mean = config.Mean, Std = config.Std } : null,
            Backbone = config?.Name ?? "",
            BackboneFingerprint = manifest.BackboneFingerprint,
            Metrics = new Dictionary<string, double>(manifest.Metrics),
            Source = manifest.Source,
            CreatedAt = manifest.CreatedAt,
        };
    }
}
