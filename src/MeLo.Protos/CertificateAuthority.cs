using System.Security.Cryptography.X509Certificates;

namespace MeLo.Grid.Protos.V1;

/// <summary>
/// A certificate authority given as a PEM file (a hospital's or the cluster's own), trusted instead of the system store:
/// a certificate is accepted when it chains to one of the file's certificates. Revocation is not checked (a private CA
/// often publishes no reachable CRL); rotate by replacing certificates and removing the old ones from the file.
/// </summary>
public sealed class CertificateAuthority
{
    CertificateAuthority(X509Certificate2Collection roots) => Roots = roots;

    public X509Certificate2Collection Roots { get; }

    /// <exception cref="InvalidDataException">The file holds no PEM certificate.</exception>
    public static CertificateAuthority Load(string pemFile)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(pemFile);
        if (roots.Count == 0)
            throw new InvalidDataException($"'{pemFile}' holds no PEM certificate.");
        return new CertificateAuthority(roots);
    }

    /// <summary>Whether <paramref name="certificate"/> chains to this authority (and is within its validity period).</summary>
    public bool Issued(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
