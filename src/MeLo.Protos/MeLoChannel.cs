using Grpc.Core;
using Grpc.Net.Client;

namespace MeLo.Grid.Protos.V1;

/// <summary>
/// The one way MeLo's own clients (CLI, benchmarks, tests) open a channel to a gateway: no client-side message size
/// limits (the server enforces its own), every call carrying <c>authorization: Bearer &lt;token&gt;</c> when a
/// token is given, and for https:// addresses the CA and client certificate of <see cref="MeLoChannelTls"/> when given.
/// </summary>
public static class MeLoChannel
{
    public static GrpcChannel ForAddress(string address, string? token, MeLoChannelTls? tls = null)
    {
        var options = new GrpcChannelOptions { MaxReceiveMessageSize = null, MaxSendMessageSize = null };
        if (tls is { IsEmpty: false })
            (options.HttpHandler, options.DisposeHttpClient) = (tls.CreateHandler(), true);
        if (token is not null)
        {
            options.Credentials = ChannelCredentials.Create(
                address.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure,
                CallCredentials.FromInterceptor((_, metadata) =>
                {
                    metadata.Add("authorization", $"Bearer {token}");
                    return Task.CompletedTask;
                }));
            // Plain http is for loopback (the gateway refuses other addresses without TLS unless told it sits behind a TLS proxy).
            options.UnsafeUseInsecureChannelCallCredentials = true;
        }
        return GrpcChannel.ForAddress(address, options);
    }
}
