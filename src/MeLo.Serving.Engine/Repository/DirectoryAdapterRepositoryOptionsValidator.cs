using Microsoft.Extensions.Options;

namespace MeLo.Serving.Engine.Repository;

/// <summary>Checks that <see cref="DirectoryAdapterRepositoryOptions.Root"/> names a usable folder path.</summary>
public sealed class DirectoryAdapterRepositoryOptionsValidator : IValidateOptions<DirectoryAdapterRepositoryOptions>
{
    public ValidateOptionsResult Validate(string? name, DirectoryAdapterRepositoryOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Root))
            return ValidateOptionsResult.Fail("Root must name the adapter folder (for example /var/lib/melo/adapters); it is empty.");
        if (options.Root.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            return ValidateOptionsResult.Fail($"Root '{options.Root}' contains characters that are not allowed in a path.");
        if (File.Exists(options.Root))
            return ValidateOptionsResult.Fail($"Root '{options.Root}' is a file, not a folder.");
        return ValidateOptionsResult.Success;
    }
}
