using MeLo.Serving.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace MeLo.Serving.Grains.Placement;

/// <summary>
/// Places an adapter grain only on silos whose metadata says they have a backbone. Among those, a replica ("task#k") avoids
/// silos that already host a replica of its task (replicas exist to spread a hot task over devices); then silos where the
/// task's adapter is already resident win (no cold load), then the least loaded; ties are broken at random.
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
        var chosen = servers
            .OrderBy(s => replica && view.Hosts(s, taskId) ? 1 : 0)
            .ThenBy(s => view.IsResident(s, taskId) ? 0 : 1)
            .ThenBy(view.Load)
            .ThenBy(_ => Random.Shared.Next())
            .First();
        view.NotePlacement(chosen, taskId);
        return Task.FromResult(chosen);
    }

    // The metadata cache fills asynchronously after a silo joins; this silo's own metadata is known from the start.
    bool HasBackbone(SiloAddress silo, SiloAddress local) =>
        (silo.Equals(local) ? localMetadata.Value : metadata.GetSiloMetadata(silo)).Metadata.ContainsKey(ServingSiloMetadata.BackboneKey);
}
