using System.Security.Cryptography.X509Certificates;
using MeLo.Grid.Protos.V1;
using Orleans.Connections.Security;

namespace MeLo.Hosting;

/// <summary>Mutual TLS on Orleans connections (silo to silo, client to silo) from <see cref="ClusterTlsOptions"/>.</summary>
static class ClusterTlsExtensions
{
    public static ISiloBuilder UseMeLoClusterTls(this ISiloBuilder silo, ClusterTlsOptions tls) =>
        tls.Enabled ? silo.UseTls(Certificate(tls), o => Configure(o, tls)) : silo;

    public static IClientBuilder UseMeLoClusterTls(this IClientBuilder client, ClusterTlsOptions tls) =>
        tls.Enabled ? client.UseTls(Certificate(tls), o => Configure(o, tls)) : client;

    static X509Certificate2 Certificate(ClusterTlsOptions tls) => X509Certificate2.CreateFromPemFile(tls.CertificateFile!, tls.KeyFile);

    static void Configure(TlsOptions options, ClusterTlsOptions tls)
    {
        var authority = CertificateAuthority.Load(tls.CaFile!);
        // Both ends authenticate: a process without a certificate from the cluster CA can neither join nor call.
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        // The chain, not the host name: members are addressed by the IPs they advertise.
        options.RemoteCertificateValidation = (certificate, _, _) => authority.Issued(certificate);
    }
}
