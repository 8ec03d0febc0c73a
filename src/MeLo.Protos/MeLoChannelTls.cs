using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace MeLo.Grid.Protos.V1;

/// <summary>
/// TLS settings of a client channel to an https:// gateway: the CA that issued the gateway's certificate (instead of the
/// system trust store) and the client certificate a gateway with mTLS requires. Files are PEM.
/// </summary>
/// <param name="CaFile">Trust only certificates issued by this CA; null trusts the system store.</param>
/// <param name="ClientCertificateFile">Presented to the gateway; needs <paramref name="ClientKeyFile"/>.</param>
public sealed record MeLoChannelTls(string? CaFile = null, string? ClientCertificateFile = null, string? ClientKeyFile = null)
{
    public bool IsEmpty => CaFile is null && ClientCertificateFile is null && ClientKeyFile is null;

    /// <summary>A handler that applies these settings; the gateway's host name is checked either way.</summary>
    /// <exception cref="ArgumentException">A client certificate without its key, or the reverse.</exception>
    public SocketsHttpHandler CreateHandler()
    {
        if ((ClientCertificateFile is null) != (ClientKeyFile is null))
            throw new ArgumentException("A client certificate needs both its certificate and its key file.");
        var ssl = new SslClientAuthenticationOptions();
        if (CaFile is not null)
        {
            var authority = CertificateAuthority.Load(CaFile);
            ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) == 0
                && certificate is X509Certificate2 presented && authority.Issued(presented);
        }
        if (ClientCertificateFile is not null)
            ssl.ClientCertificates = [X509Certificate2.CreateFromPemFile(ClientCertificateFile, ClientKeyFile)];
        // As GrpcChannel's own default handler: several HTTP/2 connections once one reaches its stream limit.
        return new SocketsHttpHandler { SslOptions = ssl, EnableMultipleHttp2Connections = true };
    }
}
