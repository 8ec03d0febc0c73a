using System.Net;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace MeLo.Hosting;

/// <summary>The same membership settings for silos and clients.</summary>
static class ClusteringExtensions
{
    public static ISiloBuilder UseMeLoClustering(this ISiloBuilder silo, MeLoClusterOptions options)
    {
        if (options.Clustering == ClusteringMode.Localhost)
            return silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        return silo
            .UseRedisClustering(options.RedisConnectionString)
            .Configure<ClusterOptions>(c => (c.ClusterId, c.ServiceId) = (options.ClusterId, options.ServiceId))
            .ConfigureEndpoints(IPAddress.Parse(options.AdvertisedAddress ?? IPAddress.Loopback.ToString()), options.SiloPort, options.GatewayPort,
                listenOnAnyHostAddress: options.AdvertisedAddress is not null);
    }

    public static IClientBuilder UseMeLoClustering(this IClientBuilder client, MeLoClusterOptions options)
    {
        if (options.Clustering == ClusteringMode.Localhost)
            return client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
        return client
            .UseRedisClustering(options.RedisConnectionString)
            .Configure<ClusterOptions>(c => (c.ClusterId, c.ServiceId) = (options.ClusterId, options.ServiceId));
    }
}
