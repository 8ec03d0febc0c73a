namespace MeLo.Hosting;

/// <summary>
/// HTTPS on the gateway's gRPC endpoint from PEM files; bind from configuration section <see cref="SectionName"/>. The
/// files are re-read when they change, so a renewed certificate is used by the next connection without a restart.
/// </summary>
public sealed class MeLoTlsOptions
{
    public const string SectionName = "MeLo:Tls";

    /// <summary>The server certificate (PEM; intermediates may follow it in the file). Unset: plain HTTP/2.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>The certificate's private key (PEM, unencrypted PKCS#8, PKCS#1 or SEC1).</summary>
    public string? KeyFile { get; set; }

    /// <summary>mTLS: every client must present a certificate issued by this CA (PEM); others fail the TLS handshake.</summary>
    public string? ClientCaFile { get; set; }

    public bool Enabled => CertificateFile is not null;
}
