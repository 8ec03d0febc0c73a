using System.Security.Cryptography.X509Certificates;
using MeLo.Grid.Protos.V1;
using Microsoft.Extensions.Options;

namespace MeLo.Hosting;

/// <summary>Fails at start, naming the file, when a certificate, key or CA cannot be used.</summary>
public sealed class MeLoTlsOptionsValidator : IValidateOptions<MeLoTlsOptions>
{
    public ValidateOptionsResult Validate(string? name, MeLoTlsOptions options)
    {
        var failures = new List<string>();
        if ((options.CertificateFile is null) != (options.KeyFile is null))
            failures.Add($"TLS needs both {nameof(options.CertificateFile)} (--tls-cert) and {nameof(options.KeyFile)} (--tls-key).");
        else if (options is { CertificateFile: { } certificate, KeyFile: { } key })
            failures.AddRange(PemFiles.Problems(() => X509Certificate2.CreateFromPemFile(certificate, key).Dispose(), certificate, key));
        if (options.ClientCaFile is { } ca)
        {
            if (!options.Enabled)
                failures.Add($"{nameof(options.ClientCaFile)} (--tls-client-ca) needs a server certificate (--tls-cert, --tls-key).");
            failures.AddRange(PemFiles.Problems(() => CertificateAuthority.Load(ca), ca));
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
