using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace MeLo.Hosting;

/// <summary>The client side of membership: how a gateway finds the silos (the silo side is SiloClusteringExtensions in MeLo.Hosting.Silo), with Redis clustering the same Redis and TLS settings as the silos.</summary>
static class ClusteringExtensions
{
    public static IClientBuilder UseMeLoClustering(this IClientBuilder client, MeLoClusterOptions options)
    {
        if (options.Clustering == ClusteringMode.Localhost)
            return client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
        return client
            .UseRedisClustering(redis => redis.ConfigurationOptions = RedisConfiguration.For(options))
            .UseMeLoClusterTls(options.Tls)
            .Configure<ClusterOptions>(c => (c.ClusterId, c.ServiceId) = (options.ClusterId, options.ServiceId));
    }
}
