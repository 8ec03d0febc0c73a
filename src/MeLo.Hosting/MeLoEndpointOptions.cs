namespace MeLo.Hosting;

/// <summary>Where the gateway listens for gRPC (HTTP/2 without TLS); bind from configuration section <see cref="SectionName"/>.</summary>
public sealed class MeLoEndpointOptions
{
    public const string SectionName = "MeLo:Endpoint";

    /// <summary>An IP address, or "localhost" for both loopback addresses.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port (see the server's addresses after start).</summary>
    public int Port { get; set; } = 5000;
}
