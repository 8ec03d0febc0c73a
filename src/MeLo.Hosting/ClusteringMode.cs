namespace MeLo.Hosting;

/// <summary>How silos and gateways find each other.</summary>
public enum ClusteringMode
{
    /// <summary>One silo on loopback (development clustering): `melo serve`, nothing else to start.</summary>
    Localhost,

    /// <summary>Membership in Redis (Microsoft.Orleans.Clustering.Redis): separate `melo silo` and `melo gateway` processes.</summary>
    Redis,
}
