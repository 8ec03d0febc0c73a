namespace MeLo.Hosting;

/// <summary>Which probe a health check belongs to (Kubernetes' liveness, readiness and startup probes).</summary>
public static class HealthTags
{
    public const string Live = "live";
    public const string Ready = "ready";
    public const string Startup = "startup";

    /// <summary>The grpc.health.v1 service name a gateway's liveness probe asks for.</summary>
    public const string Liveness = "liveness";
}
