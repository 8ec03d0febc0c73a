using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MeLo.Grid.Protos.V1;
using MeLo.Serving.Abstractions;

namespace MeLo.Gateway;

/// <summary>
/// melo.v1.AdminService: the grid as operators see it. Silos come from Orleans membership, their engine figures from the
/// serving silos' latest reports (refreshed every second); task rates and latencies are this gateway's own answers.
/// </summary>
public sealed class AdminGrpcService(IGrainFactory grains, GatewayTelemetry telemetry) : AdminService.AdminServiceBase
{
    public override async Task<GridStatus> GetGridStatus(GetGridStatusRequest request, ServerCallContext context)
    {
        var members = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true);
        var reports = (await grains.GetGrain<IGridStatusGrain>(IGridStatusGrain.Key).GetServingSilosAsync()).ToDictionary(r => r.Silo);
        var status = new GridStatus
        {
            Time = Timestamp.FromDateTime(DateTime.UtcNow),
            WindowSeconds = telemetry.Recent.Window.TotalSeconds,
        };
        foreach (var member in members.OrderBy(m => m.SiloName, StringComparer.Ordinal))
        {
            var silo = new GridSiloStatus { Address = member.SiloName, Membership = member.Status.ToString() };
            if (reports.TryGetValue(member.SiloName, out var report))
            {
                silo.Reporting = true;
                silo.Backbone = report.Backbone;
                silo.Device = report.Device;
                silo.QueueDepth = report.QueueDepth;
                silo.ResidentAdapters.Add(report.ResidentAdapters.Select(a => a.ToString()));
                silo.PinnedAdapters = report.PinnedAdapters;
                silo.AdapterCapacity = report.AdapterCapacity;
                silo.ResidentBytes = report.ResidentBytes;
                silo.AdapterGrains = report.AdapterGrains;
                silo.Items = report.Items;
                silo.Batches = report.Batches;
                silo.AdapterSwitches = report.AdapterSwitches;
                silo.ColdLoads = report.ColdLoads;
                silo.Evictions = report.Evictions;
            }
            status.Silos.Add(silo);
        }
        foreach (var task in telemetry.Recent.Snapshot())
            status.Tasks.Add(new GridTaskStatus
            {
                Task = task.TaskId,
                Items = task.Items,
                Failed = task.Failed,
                ItemsPerSecond = task.ItemsPerSecond,
                LatencyP50Ms = task.P50Ms,
                LatencyP95Ms = task.P95Ms,
                LatencyP99Ms = task.P99Ms,
            });
        return status;
    }
}
