using System.CommandLine;
using MeLo.Grid.Protos.V1;

namespace MeLo.Cli.Commands;

/// <summary>
/// <c>--ca</c>, <c>--client-cert</c> and <c>--client-key</c> of the commands that call a gateway at an https:// address:
/// the CA that issued the gateway's certificate (instead of the system trust store) and the client certificate a gateway
/// with mTLS requires.
/// </summary>
public sealed class ClientTlsOptions
{
    public Option<string?> Ca { get; } = new("--ca") { Description = "Trust the gateway's certificate only if this CA (PEM) issued it (https:// addresses)." };

    public Option<string?> ClientCertificate { get; } = new("--client-cert") { Description = "Client certificate (PEM) for a gateway that requires mTLS." };

    public Option<string?> ClientKey { get; } = new("--client-key") { Description = "Private key of --client-cert (PEM)." };

    public IEnumerable<Option> All => [Ca, ClientCertificate, ClientKey];

    /// <exception cref="ArgumentException">A file that does not exist, or a certificate without its key.</exception>
    public MeLoChannelTls Resolve(ParseResult parse)
    {
        var tls = new MeLoChannelTls(parse.GetValue(Ca), parse.GetValue(ClientCertificate), parse.GetValue(ClientKey));
        foreach (var file in new[] { tls.CaFile, tls.ClientCertificateFile, tls.ClientKeyFile }.OfType<string>().Where(f => !File.Exists(f)))
            throw new ArgumentException($"'{file}' does not exist.");
        if ((tls.ClientCertificateFile is null) != (tls.ClientKeyFile is null))
            throw new ArgumentException("--client-cert and --client-key go together.");
        return tls;
    }
}
