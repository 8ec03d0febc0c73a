using System.Net;
using Microsoft.Extensions.Options;

namespace MeLo.Hosting;

public sealed class MeLoEndpointOptionsValidator : IValidateOptions<MeLoEndpointOptions>
{
    public ValidateOptionsResult Validate(string? name, MeLoEndpointOptions options)
    {
        var failures = new List<string>();
        if (options.Address != "localhost" && !IPAddress.TryParse(options.Address, out _))
            failures.Add($"{nameof(options.Address)} '{options.Address}' is neither an IP address nor 'localhost'.");
        if (options.Port is < 0 or > 65535)
            failures.Add($"{nameof(options.Port)} must be 0-65535.");
        // The gateway has no TLS of its own: off loopback, credentials and images would travel in clear.
        if (!options.IsLoopback && !options.Insecure && IPAddress.TryParse(options.Address, out _))
            failures.Add($"Refusing to listen on {options.Address} without TLS: tokens and images would cross the network in clear. " +
                         "Listen on loopback behind a TLS-terminating proxy, or pass --insecure (MeLo:Endpoint:Insecure=true) if such a proxy or mesh already encrypts the traffic.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
