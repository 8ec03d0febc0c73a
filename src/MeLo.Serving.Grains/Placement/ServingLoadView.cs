using System.Collections.Concurrent;

namespace MeLo.Serving.Grains.Placement;

/// <summary>
/// This silo's latest picture of every serving silo's residency and load, read synchronously by placement. A report older
/// than <see cref="StaleAfter"/> (or one this silo has not managed to refresh for that long) says nothing: such a silo is
/// unknown, not idle, and placement ranks it after silos it knows.
/// </summary>
public sealed class ServingLoadView(TimeProvider time)
{
    public static readonly TimeSpan StaleAfter = 3 * ServingLoadPublisher.ReportInterval;

    volatile IReadOnlyDictionary<SiloAddress, SiloServingReport> _reports = new Dictionary<SiloAddress, SiloServingReport>();
    long _updatedAtTicks = DateTime.MinValue.Ticks;
    // Placements made here since the last report: grains placed within one interval must see each other.
    readonly ConcurrentQueue<(SiloAddress Silo, string TaskId)> _recent = new();

    public void Update(IEnumerable<SiloServingReport> reports)
    {
        _reports = reports.ToDictionary(r => r.Silo);
        Interlocked.Exchange(ref _updatedAtTicks, time.GetUtcNow().UtcDateTime.Ticks);
        _recent.Clear();
    }

    /// <summary>The silo's report if it is fresh; null when the silo is unknown.</summary>
    public SiloServingReport? Fresh(SiloAddress silo)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (now - new DateTime(Interlocked.Read(ref _updatedAtTicks), DateTimeKind.Utc) > StaleAfter)
            return null;
        return _reports.TryGetValue(silo, out var report) && now - report.ReportedAtUtc <= StaleAfter ? report : null;
    }

    /// <summary>Fresh reports of every serving silo.</summary>
    public IEnumerable<SiloServingReport> FreshReports => _reports.Keys.Select(Fresh).OfType<SiloServingReport>();

    public bool IsResident(SiloAddress silo, string taskId) => Fresh(silo)?.ResidentTasks.Contains(taskId) == true;

    public bool Hosts(SiloAddress silo, string taskId) =>
        Fresh(silo)?.HostedTasks.Contains(taskId) == true || _recent.Contains((silo, taskId));

    /// <summary>Distinct tasks resident on the silo (fewer means fewer switches under Grouped); null when unknown.</summary>
    public int? ResidentTaskCount(SiloAddress silo) => Fresh(silo)?.ResidentTasks.Length + _recent.Count(p => p.Silo.Equals(silo));

    /// <summary>Queue plus activations, with placements made here since the last report; null when unknown.</summary>
    public int? Load(SiloAddress silo) => Fresh(silo)?.Load + _recent.Count(p => p.Silo.Equals(silo));

    public bool IsFull(SiloAddress silo) => Fresh(silo)?.IsFull == true;

    public void NotePlacement(SiloAddress silo, string taskId) => _recent.Enqueue((silo, taskId));
}
