using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace MeLo.Hosting;

/// <summary>The client side of membership: how a gateway finds the silos (the silo side is SiloClusteringExtensions in MeLo.Hosting.Silo).</summary>
static class ClusteringExtensions
{
    public static IClientBuilder UseMeLoClustering(this IClientBuilder client, MeLoClusterOptions options)
    {
        if (options.Clustering == ClusteringMode.Localhost)
            return client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
        return client
            .UseRedisClustering(options.RedisConnectionString)
            .Configure<ClusterOptions>(c => (c.ClusterId, c.ServiceId) = (options.ClusterId, options.ServiceId));
    }
}
