using MeLo.Serving.Abstractions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MeLo.Hosting;

/// <summary>
/// A gateway's readiness: the cluster answers (the registry grain is reachable) and at least one silo with a backbone
/// reports. Never its liveness: a silo outage must not restart every gateway.
/// </summary>
sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            int serving = await grains.GetGrain<IAdapterRegistryGrain>(IAdapterRegistryGrain.Key).ServingSiloCountAsync().WaitAsync(Timeout, cancellationToken);
            return serving > 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("No silo with a backbone is serving.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The cluster does not answer ({e.GetType().Name}).");
        }
    }
}
