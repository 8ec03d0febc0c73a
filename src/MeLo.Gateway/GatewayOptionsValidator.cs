using Microsoft.Extensions.Options;

namespace MeLo.Gateway;

public sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();
        if (options.MaxInFlightPerStream < 1)
            failures.Add($"{nameof(options.MaxInFlightPerStream)} must be at least 1.");
        if (options.MaxItemsPerRequest < 1)
            failures.Add($"{nameof(options.MaxItemsPerRequest)} must be at least 1.");
        if (options.MaxItemsPerGrainCall < 1)
            failures.Add($"{nameof(options.MaxItemsPerGrainCall)} must be at least 1.");
        if (options.GroupingWindow < TimeSpan.Zero || options.GroupingWindow > TimeSpan.FromSeconds(1))
            failures.Add($"{nameof(options.GroupingWindow)} must be between 0 and 1 second.");
        if (options.MaxMessageBytes < 1024)
            failures.Add($"{nameof(options.MaxMessageBytes)} must be at least 1024.");
        if (options.MaxAdapterBytes < 1024)
            failures.Add($"{nameof(options.MaxAdapterBytes)} must be at least 1024.");
        if (options.DefaultReplicas < 1)
            failures.Add($"{nameof(options.DefaultReplicas)} must be at least 1.");
        failures.AddRange(options.Replicas.Where(r => r.Value < 1).Select(r => $"Replicas of task '{r.Key}' must be at least 1."));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
