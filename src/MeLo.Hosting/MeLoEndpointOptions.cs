namespace MeLo.Hosting;

/// <summary>Where the gateway listens for gRPC (HTTP/2; TLS from <see cref="MeLoTlsOptions"/>); bind from configuration section <see cref="SectionName"/>.</summary>
public sealed class MeLoEndpointOptions
{
    public const string SectionName = "MeLo:Endpoint";

    /// <summary>An IP address, or "localhost" for both loopback addresses.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port (see the server's addresses after start).</summary>
    public int Port { get; set; } = 5000;

    /// <summary>Allows a non-loopback <see cref="Address"/> without TLS and authentication (<c>--insecure</c>): only behind a
    /// proxy or mesh that terminates TLS, since tokens and images would otherwise cross the network in clear.</summary>
    public bool Insecure { get; set; }

    /// <summary>Serves gRPC server reflection (<c>--reflection</c>); off by default, it lists the whole API to anyone.</summary>
    public bool Reflection { get; set; }

    /// <summary>Whether <see cref="Address"/> can only be reached from this host.</summary>
    public bool IsLoopback => Address == "localhost" || (System.Net.IPAddress.TryParse(Address, out var ip) && System.Net.IPAddress.IsLoopback(ip));
}
