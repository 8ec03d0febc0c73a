using MeLo.Serving.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace MeLo.Serving.Grains.Placement;

/// <summary>
/// Places an adapter grain only on silos whose metadata says they have a backbone, honouring a placement hint (migration).
/// Among those, in order:
/// <list type="number">
/// <item>a replica ("task#k") avoids silos that already host its task (replicas exist to spread a hot task over devices);</item>
/// <item>silos whose every adapter slot is pinned come last (an activation there would push another grain out);</item>
/// <item>silos where the task's adapter is resident win (no cold load);</item>
/// <item>silos with a fresh report beat unknown ones (a silo that stopped reporting is not idle);</item>
/// <item>fewer distinct resident tasks win (fewer task switches under Grouped), then the least loaded;</item>
/// </list>
/// ties are broken at random.
/// </summary>
sealed class AdapterPlacementDirector(ISiloMetadataCache metadata, IOptions<SiloMetadata> localMetadata, ServingLoadView view) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var servers = context.GetCompatibleSilos(target).Where(s => HasBackbone(s, context.LocalSilo)).ToArray();
        if (servers.Length == 0)
            throw new ServingFaultException(FaultKind.Unavailable, "No silo with a backbone is available.");
        if (IPlacementDirector.GetPlacementHint(target.RequestContextData, servers) is { } hint)
            return Task.FromResult(hint);

        var key = target.GrainIdentity.Key.ToString()!;
        var taskId = AdapterGrainKey.TaskOf(key);
        bool replica = key.Length != taskId.Length;
        var chosen = Rank(servers, taskId, replica).First();
        view.NotePlacement(chosen, taskId);
        return Task.FromResult(chosen);
    }

    internal IEnumerable<SiloAddress> Rank(IEnumerable<SiloAddress> servers, string taskId, bool replica) => servers
        .OrderBy(s => replica && view.Hosts(s, taskId) ? 1 : 0)
        .ThenBy(s => view.IsFull(s) ? 1 : 0)
        .ThenBy(s => view.IsResident(s, taskId) ? 0 : 1)
        .ThenBy(s => view.Load(s) is null ? 1 : 0)
        .ThenBy(s => view.ResidentTaskCount(s) ?? int.MaxValue)
        .ThenBy(s => view.Load(s) ?? int.MaxValue)
        .ThenBy(_ => Random.Shared.Next());

    // The metadata cache fills asynchronously after a silo joins; this silo's own metadata is known from the start.
    bool HasBackbone(SiloAddress silo, SiloAddress local) =>
        (silo.Equals(local) ? localMetadata.Value : metadata.GetSiloMetadata(silo)).Metadata.ContainsKey(ServingSiloMetadata.BackboneKey);
}
