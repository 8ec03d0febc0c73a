using System.Collections.Concurrent;

namespace MeLo.Serving.Grains.Placement;

/// <summary>This silo's latest picture of every serving silo's residency and load, read synchronously by placement.</summary>
public sealed class ServingLoadView
{
    volatile IReadOnlyDictionary<SiloAddress, SiloServingReport> _reports = new Dictionary<SiloAddress, SiloServingReport>();
    // Placements made here since the last report: grains placed within one interval must see each other.
    readonly ConcurrentQueue<(SiloAddress Silo, string TaskId)> _recent = new();

    public void Update(IEnumerable<SiloServingReport> reports)
    {
        _reports = reports.ToDictionary(r => r.Silo);
        _recent.Clear();
    }

    public bool IsResident(SiloAddress silo, string taskId) =>
        _reports.TryGetValue(silo, out var report) && report.ResidentTasks.Contains(taskId);

    public bool Hosts(SiloAddress silo, string taskId) =>
        (_reports.TryGetValue(silo, out var report) && report.HostedTasks.Contains(taskId)) || _recent.Contains((silo, taskId));

    public int Load(SiloAddress silo) =>
        (_reports.TryGetValue(silo, out var report) ? report.Load : 0) + _recent.Count(p => p.Silo.Equals(silo));

    public void NotePlacement(SiloAddress silo, string taskId) => _recent.Enqueue((silo, taskId));
}
