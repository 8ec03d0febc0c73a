using System.Net;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace MeLo.Hosting;

/// <summary>The silo side of membership, with the same settings as the gateways' (ClusteringExtensions in MeLo.Hosting).</summary>
static class SiloClusteringExtensions
{
    public static ISiloBuilder UseMeLoClustering(this ISiloBuilder silo, MeLoClusterOptions options)
    {
        if (options.Clustering == ClusteringMode.Localhost)
            return silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort,
                options.PrimarySiloPort is int primary ? new IPEndPoint(IPAddress.Loopback, primary) : null, options.ServiceId, options.ClusterId);
        return silo
            .UseRedisClustering(redis => redis.ConfigurationOptions = RedisConfiguration.For(options))
            .UseMeLoClusterTls(options.Tls)
            // Failure detection: a silo that misses 2 probes of 3 s is suspected, and declared dead once 2 silos vote
            // (Orleans' defaults, 3 × 5 s, leave a dead silo's grains unreachable for 15-30 s). Shorter would declare a
            // silo whose CPUs are saturated by forward passes dead while it is only slow; a wrongly declared silo is
            // killed by Orleans and its work retried, so the cost of a false positive is a restart, not lost items.
            .Configure<ClusterMembershipOptions>(m => (m.ProbeTimeout, m.NumMissedProbesLimit) = (TimeSpan.FromSeconds(3), 2))
            .Configure<ClusterOptions>(c => (c.ClusterId, c.ServiceId) = (options.ClusterId, options.ServiceId))
            .ConfigureEndpoints(IPAddress.Parse(options.AdvertisedAddress ?? IPAddress.Loopback.ToString()), options.SiloPort, options.GatewayPort,
                listenOnAnyHostAddress: options.AdvertisedAddress is not null);
    }
}
