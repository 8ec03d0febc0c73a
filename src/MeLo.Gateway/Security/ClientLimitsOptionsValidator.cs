using Microsoft.Extensions.Options;

namespace MeLo.Gateway.Security;

/// <summary>Checks the limits, and that a unary call of MeLo:Gateway:MaxItemsPerRequest items fits a principal's bucket.</summary>
public sealed class ClientLimitsOptionsValidator(IOptions<GatewayOptions> gateway) : IValidateOptions<ClientLimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, ClientLimitsOptions options)
    {
        var failures = new List<string>();
        if (options.ImagesPerSecond < 1)
            failures.Add($"{nameof(options.ImagesPerSecond)} must be at least 1.");
        int maxItems = gateway.Value.MaxItemsPerRequest;
        if (options.ImageBurst < maxItems)
            failures.Add($"{nameof(options.ImageBurst)} ({options.ImageBurst}) must be at least MeLo:Gateway:MaxItemsPerRequest ({maxItems}), " +
                "or a full unary call could never be served.");
        if (options.MaxStreamsPerConnection < 1)
            failures.Add($"{nameof(options.MaxStreamsPerConnection)} must be at least 1.");
        if (options.MaxStreamsPerPrincipal < 1)
            failures.Add($"{nameof(options.MaxStreamsPerPrincipal)} must be at least 1.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
