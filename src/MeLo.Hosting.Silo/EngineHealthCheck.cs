using MeLo.Serving.Engine;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MeLo.Hosting;

/// <summary>
/// A silo's readiness and startup: its backbone is loaded (the engine exists), its device thread runs, and its forward
/// passes do not keep failing (a CUDA fault fails every pass; such a silo must stop receiving work, not look healthy).
/// </summary>
public sealed class EngineHealthCheck(IInferenceEngine engine) : IHealthCheck
{
    /// <summary>Failed passes in a row after which the silo is not ready.</summary>
    public const int FailedPassLimit = 3;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var statistics = engine.Statistics;
        return Task.FromResult(
            !statistics.DeviceThreadAlive ? HealthCheckResult.Unhealthy("The device thread is not running.")
            : statistics.ConsecutiveFailedPasses >= FailedPassLimit
                ? HealthCheckResult.Unhealthy($"The last {statistics.ConsecutiveFailedPasses} forward passes failed.")
                : HealthCheckResult.Healthy());
    }
}
