using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace MeLo.Serving.Engine;

/// <summary>Checks <see cref="InferenceEngineOptions"/>, naming each bad setting, its value and what is allowed.</summary>
public sealed partial class InferenceEngineOptionsValidator : IValidateOptions<InferenceEngineOptions>
{
    static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    public ValidateOptionsResult Validate(string? name, InferenceEngineOptions options)
    {
        var failures = new List<string>();
        if (options.Device is null || !DevicePattern().IsMatch(options.Device))
            failures.Add($"Device must be 'cpu' or 'cuda:N' (for example 'cuda:0'), not '{options.Device}'.");
        if (options.MaxBatchSize < 1)
            failures.Add($"MaxBatchSize must be at least 1, not {options.MaxBatchSize}.");
        if (options.MaxQueueDelay < TimeSpan.Zero || options.MaxQueueDelay > MaxDelay)
            failures.Add($"MaxQueueDelay must be between 0 and {MaxDelay.TotalSeconds:0} s, not {options.MaxQueueDelay}.");
        if (options.QueueCapacity < options.MaxBatchSize)
            failures.Add($"QueueCapacity ({options.QueueCapacity}) must be at least MaxBatchSize ({options.MaxBatchSize}), or batches could never fill.");
        if (!Enum.IsDefined(options.Policy))
            failures.Add($"Policy must be {string.Join(" or ", Enum.GetNames<SchedulingPolicy>())}, not {options.Policy}.");
        if (!Enum.IsDefined(options.GroupedSwitchMode))
            failures.Add($"GroupedSwitchMode must be {string.Join(" or ", Enum.GetNames<GroupedSwitchMode>())}, not {options.GroupedSwitchMode}.");
        if (options.AdapterCapacity < 1)
            failures.Add($"AdapterCapacity must be at least 1, not {options.AdapterCapacity}.");
        if (options.AdapterCapacityBytes < 1)
            failures.Add($"AdapterCapacityBytes must be positive, not {options.AdapterCapacityBytes}.");
        if (options.MaxRank < 1)
            failures.Add($"MaxRank must be at least 1, not {options.MaxRank}.");
        if (!Enum.IsDefined(options.DType))
            failures.Add($"DType must be {string.Join(", ", EngineDTypes.Names)}, not {options.DType}.");
        if (options.DeviceMemoryBytes is < 1)
            failures.Add($"DeviceMemoryBytes must be positive when set, not {options.DeviceMemoryBytes}.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex(@"^(cpu|cuda:\d{1,2})$")]
    private static partial Regex DevicePattern();
}
