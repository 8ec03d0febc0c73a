using StackExchange.Redis;

namespace MeLo.Hosting;

/// <summary>
/// The one StackExchange.Redis configuration of clustering and grain storage: <see cref="MeLoClusterOptions.RedisConnectionString"/>
/// (password=…, user=…, ssl=true, sslHost=…), plus for ssl the CA to trust and, with cluster TLS, the member's certificate
/// as client certificate (Redis asks for one while tls-auth-clients is on).
/// </summary>
static class RedisConfiguration
{
    public static ConfigurationOptions For(MeLoClusterOptions cluster)
    {
        var options = ConfigurationOptions.Parse(cluster.RedisConnectionString);
        if (cluster.RedisCaFile is { } ca)
            options.TrustIssuer(ca);
        if (options.Ssl && cluster.Tls is { CertificateFile: { } certificate, KeyFile: { } key })
            options.SetUserPemCertificate(certificate, key);
        return options;
    }
}
