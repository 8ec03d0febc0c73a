using MeLo.Model.Lora;
using Microsoft.Extensions.Options;

namespace MeLo.Serving.Grains.Uploads;

public sealed class AdapterUploadOptionsValidator : IValidateOptions<AdapterUploadOptions>
{
    public ValidateOptionsResult Validate(string? name, AdapterUploadOptions options)
    {
        var failures = new List<string>();
        try
        {
            if (LoraTargetShapes.ParseList(options.AllowedTargets).Count == 0)
                failures.Add($"{nameof(options.AllowedTargets)} must name at least one target.");
        }
        catch (ArgumentException e)
        {
            failures.Add($"{nameof(options.AllowedTargets)}: {e.Message}");
        }
        if (options.MaxLabels < 1)
            failures.Add($"{nameof(options.MaxLabels)} must be at least 1.");
        if (options.MaxImageSize < 1)
            failures.Add($"{nameof(options.MaxImageSize)} must be at least 1.");
        if (options.MaxVersionsPerTask < 1)
            failures.Add($"{nameof(options.MaxVersionsPerTask)} must be at least 1.");
        if (options.MaxBytesPerTask < 1024)
            failures.Add($"{nameof(options.MaxBytesPerTask)} must be at least 1024.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
