using System.Net;
using Microsoft.Extensions.Options;

namespace MeLo.Hosting;

/// <param name="secured">TLS and authentication are both on: a non-loopback address is then allowed without --insecure.</param>
public sealed class MeLoEndpointOptionsValidator(bool secured = false) : IValidateOptions<MeLoEndpointOptions>
{
    public ValidateOptionsResult Validate(string? name, MeLoEndpointOptions options)
    {
        var failures = new List<string>();
        if (options.Address != "localhost" && !IPAddress.TryParse(options.Address, out _))
            failures.Add($"{nameof(options.Address)} '{options.Address}' is neither an IP address nor 'localhost'.");
        if (options.Port is < 0 or > 65535)
            failures.Add($"{nameof(options.Port)} must be 0-65535.");
        // Off loopback without TLS, credentials and images would travel in clear; without authentication anyone could call.
        if (!options.IsLoopback && !options.Insecure && !secured && IPAddress.TryParse(options.Address, out _))
            failures.Add($"Refusing to listen on {options.Address} without TLS and authentication: tokens and images would cross the network in clear, or anyone could call. " +
                         "Give --tls-cert and --tls-key (with authentication on), listen on loopback behind a TLS-terminating proxy, " +
                         "or pass --insecure (MeLo:Endpoint:Insecure=true) if such a proxy or mesh already encrypts the traffic.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
