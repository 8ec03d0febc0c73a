using System.Security.Cryptography.X509Certificates;
using MeLo.Grid.Protos.V1;

namespace MeLo.Hosting;

/// <summary>The failures of <see cref="ClusterTlsOptions"/>, for <see cref="MeLoClusterOptionsValidator"/>.</summary>
static class ClusterTlsOptionsValidator
{
    public static IEnumerable<string> Problems(ClusterTlsOptions tls)
    {
        if (tls.CertificateFile is null && tls.KeyFile is null && tls.CaFile is null)
            return [];
        if (tls is not { CertificateFile: { } certificate, KeyFile: { } key, CaFile: { } ca })
            return ["Cluster TLS needs Tls:CertificateFile, Tls:KeyFile and Tls:CaFile (--cluster-tls-cert, --cluster-tls-key, --cluster-tls-ca)."];
        return PemFiles.Problems(() => X509Certificate2.CreateFromPemFile(certificate, key).Dispose(), certificate, key)
            .Concat(PemFiles.Problems(() => CertificateAuthority.Load(ca), ca));
    }
}
