using MeLo.Serving.Abstractions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MeLo.Hosting;

/// <summary>grpc.health.v1 SERVING only while the cluster answers: the registry grain is reachable from this gateway.</summary>
sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IAdapterRegistryGrain>(IAdapterRegistryGrain.Key).ListAsync(activeOnly: true).WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The cluster does not answer ({e.GetType().Name}).");
        }
    }
}
