using MeLo.Gateway;
using Microsoft.Extensions.Options;

namespace MeLo.Hosting;

/// <summary>
/// An adapter upload travels to the registry grain, and a diagnose request's items to adapter grains, as Orleans messages,
/// and Orleans closes the connection on a message body above its limit. So the gateway refuses to start with a
/// MaxAdapterBytes or MaxMessageBytes that would not fit Orleans' MaxMessageBodySize of this process (the silo's when
/// co-hosted, the cluster client's otherwise), with <see cref="Headroom"/> for the rest of the message.
/// </summary>
public sealed class OrleansMessageLimitsValidator(int orleansMaxMessageBodyBytes) : IValidateOptions<GatewayOptions>
{
    public const int Headroom = 1 << 20;

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();
        foreach (var (setting, bytes) in new[] { (nameof(options.MaxAdapterBytes), options.MaxAdapterBytes), (nameof(options.MaxMessageBytes), (long)options.MaxMessageBytes) })
            if (bytes + Headroom > orleansMaxMessageBodyBytes)
                failures.Add($"MeLo:Gateway:{setting} ({bytes:N0} bytes) plus {Headroom:N0} bytes of headroom exceeds Orleans' message body limit " +
                    $"({orleansMaxMessageBodyBytes:N0} bytes, MessagingOptions.MaxMessageBodySize), which the grain call carrying it must fit.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
