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

    public int Load => QueueLength + AdapterActivations;
}
