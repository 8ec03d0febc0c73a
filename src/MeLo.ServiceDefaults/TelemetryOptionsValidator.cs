using System.Net;
using Microsoft.Extensions.Options;

namespace MeLo.ServiceDefaults;

public sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var failures = new List<string>();
        if (double.IsNaN(options.SamplingRatio) || options.SamplingRatio is < 0 or > 1)
            failures.Add($"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.SamplingRatio)} must be between 0 and 1 (was {options.SamplingRatio}).");
        if (options.PrometheusPort is { } port && port is < 1 or > 65535)
            failures.Add($"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.PrometheusPort)} must be a port between 1 and 65535 (was {port}).");
        if (!IPAddress.TryParse(options.PrometheusAddress, out _))
            failures.Add($"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.PrometheusAddress)} must be an IP address (was '{options.PrometheusAddress}').");
        if (string.IsNullOrWhiteSpace(options.ServiceName))
            failures.Add($"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.ServiceName)} must not be empty.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
