using Microsoft.Extensions.Options;

namespace MeLo.Serving.Grains;

public sealed class AdapterGrainOptionsValidator : IValidateOptions<AdapterGrainOptions>
{
    public ValidateOptionsResult Validate(string? name, AdapterGrainOptions options)
    {
        var failures = new List<string>();
        if (options.IdleTimeout < TimeSpan.FromSeconds(1))
            failures.Add($"{nameof(options.IdleTimeout)} must be at least 1 second.");
        if (options.RebalanceInterval < TimeSpan.FromMilliseconds(100))
            failures.Add($"{nameof(options.RebalanceInterval)} must be at least 100 ms.");
        if (options.RebalanceThreshold < 2)
            failures.Add($"{nameof(options.RebalanceThreshold)} must be at least 2 (one move must not make the receiver the heavier silo).");
        if (options.MaxMovesPerRound < 0)
            failures.Add($"{nameof(options.MaxMovesPerRound)} must not be negative.");
        if (options.MaxReleasesPerActivation < 0)
            failures.Add($"{nameof(options.MaxReleasesPerActivation)} must not be negative.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
