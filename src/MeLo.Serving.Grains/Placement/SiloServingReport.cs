using MeLo.Serving.Abstractions;

namespace MeLo.Serving.Grains.Placement;

/// <summary>What one serving silo tells the others about itself, every <see cref="ServingLoadPublisher.ReportInterval"/>.</summary>
[GenerateSerializer, Alias("melo.SiloServingReport")]
public sealed record SiloServingReport
{
    [Id(0)] public required SiloAddress Silo { get; init; }
    /// <summary>Task ids with an adapter resident on the silo's device.</summary>
    [Id(1)] public required string[] ResidentTasks { get; init; }
    /// <summary>Task ids with an adapter grain (or replica) active on the silo.</summary>
    [Id(2)] public required string[] HostedTasks { get; init; }
    [Id(3)] public int QueueLength { get; init; }
    [Id(4)] public int AdapterActivations { get; init; }
    [Id(5)] public DateTime ReportedAtUtc { get; init; }
    /// <summary>Adapters the device holds at most, and how many of them active grains have pinned.</summary>
    [Id(6)] public int AdapterCapacity { get; init; }
    [Id(7)] public int PinnedAdapters { get; init; }
    /// <summary>The engine's picture for the operators' status view.</summary>
    [Id(8)] public SiloServingStatus? Status { get; init; }
    /// <summary>What the silo's engine can host; uploads are checked against it.</summary>
    [Id(9)] public Uploads.ServedBackbone? Backbone { get; init; }

    public int Load => QueueLength + AdapterActivations;

    /// <summary>Every slot is pinned: a new activation there would first have to push another grain out.</summary>
    public bool IsFull => AdapterCapacity > 0 && PinnedAdapters >= AdapterCapacity;
}
