namespace MeLo.Hosting;

/// <summary>Cluster membership shared by silos and gateways; bind from configuration section <see cref="SectionName"/>.</summary>
public sealed class MeLoClusterOptions
{
    public const string SectionName = "MeLo:Cluster";

    public ClusteringMode Clustering { get; set; } = ClusteringMode.Localhost;

    public string ClusterId { get; set; } = "melo";

    public string ServiceId { get; set; } = "melo-grid";

    /// <summary>StackExchange.Redis configuration string, used with <see cref="ClusteringMode.Redis"/>
    /// (e.g. <c>redis.example:6380,password=…,ssl=true</c>).</summary>
    public string RedisConnectionString { get; set; } = "localhost:6379";

    /// <summary>With <c>ssl=true</c>: trust only Redis certificates this CA (PEM) issued; unset, the system trust store.</summary>
    public string? RedisCaFile { get; set; }

    /// <summary>TLS between silos and from gateways (Redis clustering); off by default.</summary>
    public ClusterTlsOptions Tls { get; set; } = new();

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans client gateway port of a silo (what a separate `melo gateway` connects to).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Localhost clustering only: the silo port of the first silo, which a further silo in this machine joins (an
    /// in-process multi-silo grid); unset, this silo is the first.</summary>
    public int? PrimarySiloPort { get; set; }

    /// <summary>The IP address a silo advertises to the others (Redis mode); loopback when unset.</summary>
    public string? AdvertisedAddress { get; set; }
}
