using Google.Protobuf.WellKnownTypes;
using MeLo.Grid.Protos.V1;
using MeLo.Serving.Abstractions;

namespace MeLo.Gateway;

/// <summary>Maps the registry's <see cref="AdapterSummary"/> to the API's AdapterInfo.</summary>
static class AdapterInfos
{
    public static AdapterInfo From(AdapterSummary summary)
    {
        var info = new AdapterInfo
        {
            Task = summary.TaskId,
            Version = summary.Version,
            Active = summary.Active,
            SizeBytes = summary.SizeBytes,
            DisplayName = summary.DisplayName,
            Labels = { summary.Labels },
            MultiLabel = summary.MultiLabel,
            Thresholds = { summary.Thresholds },
            Rank = summary.Rank,
            Alpha = summary.Alpha,
            Targets = { summary.Targets },
            Backbone = summary.Backbone,
            BackboneFingerprint = summary.BackboneFingerprint,
            Metrics = { summary.Metrics },
            Source = summary.Source,
        };
        if (summary.Preprocessing is { } p)
            info.Preprocessing = new Grid.Protos.V1.Preprocessing { ImageSize = p.ImageSize, Mean = { p.Mean }, Std = { p.Std } };
        if (summary.CreatedAt is { } created)
            info.CreatedAt = Timestamp.FromDateTimeOffset(created);
        return info;
    }
}
