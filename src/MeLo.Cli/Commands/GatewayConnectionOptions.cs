using System.CommandLine;
using Grpc.Net.Client;
using MeLo.Grid.Protos.V1;

namespace MeLo.Cli.Commands;

/// <summary>
/// <c>--address</c>, <c>--token</c>, <c>--ca</c>, <c>--client-cert</c> and <c>--client-key</c> of a command that calls a
/// gateway, and the channel they describe.
/// </summary>
public sealed class GatewayConnectionOptions
{
    public const string DefaultAddress = "http://127.0.0.1:5000";

    public Option<string> Address { get; } = new("--address") { Description = "Gateway address.", DefaultValueFactory = _ => DefaultAddress };

    public Option<string?> Token { get; } = TokenOption.Create();

    public ClientTlsOptions Tls { get; } = new();

    public IEnumerable<Option> All => [Address, Token, .. Tls.All];

    /// <param name="role">The role the call needs: its first-start token file is the fallback when no token is given and
    /// no client certificate is presented.</param>
    public GrpcChannel CreateChannel(ParseResult parse, string role)
    {
        var tls = Tls.Resolve(parse);
        return MeLoChannel.ForAddress(parse.GetValue(Address)!, TokenOption.Resolve(parse, Token, role, tls.ClientCertificateFile is not null), tls);
    }
}
