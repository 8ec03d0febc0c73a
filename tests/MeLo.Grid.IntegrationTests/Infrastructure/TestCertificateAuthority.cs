using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MeLo.Grid.IntegrationTests.Infrastructure;

/// <summary>
/// A certificate authority made in the test with <see cref="CertificateRequest"/> (ECDSA P-256), as a hospital's PKI would
/// issue: its certificate and the certificates it issues are written as PEM files to a temporary directory, deleted on
/// dispose. Issued certificates are valid for TLS server and client authentication, for 127.0.0.1 and localhost unless
/// another host name is given.
/// </summary>
sealed class TestCertificateAuthority : IDisposable
{
    readonly X509Certificate2 _certificate;
    readonly TempDirectory _directory;

    public TestCertificateAuthority(string name)
    {
        _directory = new TempDirectory($"melo-ca-{name}-");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name} test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        CertificateFile = _directory.Combine("ca.pem");
        File.WriteAllText(CertificateFile, _certificate.ExportCertificatePem());
    }

    /// <summary>The CA's certificate (PEM), what clients and servers are told to trust.</summary>
    public string CertificateFile { get; }

    /// <summary>Issues a certificate for <c>CN=<paramref name="commonName"/></c> (with OU <paramref name="unit"/> when given)
    /// and writes it and its key as <c>NAME.pem</c> and <c>NAME.key</c>.</summary>
    public PemPair Issue(string commonName, string? unit = null, string? fileName = null, string? hostName = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(unit is null ? $"CN={commonName}" : $"CN={commonName}, OU={unit}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false)); // server and client authentication
        var names = new SubjectAlternativeNameBuilder();
        if (hostName is null)
        {
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
        }
        else
            names.AddDnsName(hostName);
        request.CertificateExtensions.Add(names.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(_certificate, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(12), serial);
        var pair = new PemPair(_directory.Combine($"{fileName ?? commonName}.pem"), _directory.Combine($"{fileName ?? commonName}.key"),
            issued.Thumbprint);
        File.WriteAllText(pair.CertificateFile, issued.ExportCertificatePem());
        File.WriteAllText(pair.KeyFile, key.ExportPkcs8PrivateKeyPem());
        return pair;
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _directory.Dispose();
    }
}
