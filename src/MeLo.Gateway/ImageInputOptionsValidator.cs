using Microsoft.Extensions.Options;

namespace MeLo.Gateway;

public sealed class ImageInputOptionsValidator : IValidateOptions<ImageInputOptions>
{
    public ValidateOptionsResult Validate(string? name, ImageInputOptions options)
    {
        var failures = new List<string>();
        if (options.MaxImageBytes < 64)
            failures.Add($"{nameof(options.MaxImageBytes)} must be at least 64.");
        if (options.MaxPixelsPerSide < 1)
            failures.Add($"{nameof(options.MaxPixelsPerSide)} must be at least 1.");
        if (options.MaxPixels < 1)
            failures.Add($"{nameof(options.MaxPixels)} must be at least 1.");
        if (!(options.MaxAspectRatio >= 1))
            failures.Add($"{nameof(options.MaxAspectRatio)} must be at least 1.");
        if (options.DecodeMemoryBudgetMegabytes < 16)
            failures.Add($"{nameof(options.DecodeMemoryBudgetMegabytes)} must be at least 16.");
        if (options.MaxConcurrentDecodes < 1)
            failures.Add($"{nameof(options.MaxConcurrentDecodes)} must be at least 1.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
