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
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
