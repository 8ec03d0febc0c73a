using System.Net;
using MeLo.Grid.Protos.V1;
using Microsoft.Extensions.Options;

namespace MeLo.Hosting;

public sealed class MeLoClusterOptionsValidator : IValidateOptions<MeLoClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, MeLoClusterOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClusterId))
            failures.Add($"{nameof(options.ClusterId)} is required.");
        if (string.IsNullOrWhiteSpace(options.ServiceId))
            failures.Add($"{nameof(options.ServiceId)} is required.");
        if (options.SiloPort is < 1 or > 65535 || options.GatewayPort is < 1 or > 65535)
            failures.Add($"{nameof(options.SiloPort)} and {nameof(options.GatewayPort)} must be ports (1-65535).");
        else if (options.SiloPort == options.GatewayPort)
            failures.Add($"{nameof(options.SiloPort)} and {nameof(options.GatewayPort)} must differ.");
        if (options.Clustering == ClusteringMode.Redis && string.IsNullOrWhiteSpace(options.RedisConnectionString))
            failures.Add($"Redis clustering needs {nameof(options.RedisConnectionString)}.");
        if (options.PrimarySiloPort is { } primary && (primary is < 1 or > 65535 || primary == options.SiloPort))
            failures.Add($"{nameof(options.PrimarySiloPort)} must be another silo's port (1-65535), not {primary}.");
        if (options.AdvertisedAddress is { } address && !IPAddress.TryParse(address, out _))
            failures.Add($"{nameof(options.AdvertisedAddress)} '{address}' is not an IP address.");
        if (options.RedisCaFile is { } redisCa)
            failures.AddRange(PemFiles.Problems(() => CertificateAuthority.Load(redisCa), redisCa));
        failures.AddRange(ClusterTlsOptionsValidator.Problems(options.Tls));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
