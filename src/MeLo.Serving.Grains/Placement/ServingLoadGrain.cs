using MeLo.Serving.Abstractions;

namespace MeLo.Serving.Grains.Placement;

/// <summary>In-memory only: reports are refreshed every second, so a restarted activation is whole again within one round.</summary>
sealed class ServingLoadGrain : Grain, IServingLoadGrain, IGridStatusGrain
{
    readonly Dictionary<SiloAddress, SiloServingReport> _reports = [];

    public Task<SiloServingReport[]> ExchangeAsync(SiloServingReport? report)
    {
        var now = DateTime.UtcNow;
        if (report is not null)
            _reports[report.Silo] = report with { ReportedAtUtc = now };
        // Silos that stopped reporting are gone or unhealthy; placement must not prefer them.
        foreach (var stale in _reports.Values.Where(r => now - r.ReportedAtUtc > 5 * ServingLoadPublisher.ReportInterval).ToList())
            _reports.Remove(stale.Silo);
        return Task.FromResult(_reports.Values.ToArray());
    }

    public async Task<SiloServingStatus[]> GetServingSilosAsync() =>
        [.. (await ExchangeAsync(null)).Select(r => r.Status).OfType<SiloServingStatus>()];
}
