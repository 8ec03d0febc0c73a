using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MeLo.Gateway.Security;
using MeLo.Grid.Protos.V1;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeLo.Hosting;

/// <summary>HTTPS and optional mTLS on the gateway's endpoint, from <see cref="MeLoTlsOptions"/>.</summary>
public static class GatewayTlsExtensions
{
    /// <summary>Binds and validates <see cref="MeLoTlsOptions"/> (invalid files throw) and makes certificate
    /// authentication trust the client CA.</summary>
    public static MeLoTlsOptions AddMeLoGatewayTls(this WebApplicationBuilder builder)
    {
        var tls = builder.BindNow(MeLoTlsOptions.SectionName, new MeLoTlsOptionsValidator(), null);
        if (tls.ClientCaFile is { } ca)
            builder.Services.AddOptions<CertificateAuthenticationOptions>(GatewayAuthServiceCollectionExtensions.CertificateScheme)
                .Configure(o => o.CustomTrustStore.AddRange(CertificateAuthority.Load(ca).Roots));
        return tls;
    }

    /// <summary>
    /// HTTPS (HTTP/2 by ALPN) with the certificate of <paramref name="tls"/>, re-read when its files change; with
    /// <see cref="MeLoTlsOptions.ClientCaFile"/>, a client certificate issued by that CA is required during the handshake.
    /// Does nothing when TLS is off.
    /// </summary>
    public static void UseMeLoTls(this ListenOptions listen, MeLoTlsOptions tls)
    {
        if (tls is not { CertificateFile: { } certificateFile, KeyFile: { } keyFile })
            return;
        var certificate = new ReloadingCertificate(certificateFile, keyFile,
            listen.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger<ReloadingCertificate>());
        var clientCa = tls.ClientCaFile is { } ca ? CertificateAuthority.Load(ca) : null;
        listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = certificate.Current,
                ApplicationProtocols = [SslApplicationProtocol.Http2],
                ClientCertificateRequired = clientCa is not null,
                RemoteCertificateValidationCallback = clientCa is null
                    ? null
                    : (_, presented, _, _) => presented is X509Certificate2 client && clientCa.Issued(client),
            }),
        });
    }
}
