using MeLo.Model.Vit;
using Microsoft.Extensions.Options;

namespace MeLo.Hosting;

public sealed class MeLoSiloOptionsValidator : IValidateOptions<MeLoSiloOptions>
{
    public ValidateOptionsResult Validate(string? name, MeLoSiloOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
            failures.Add($"{nameof(options.DataDirectory)} is required.");
        if (options.HealthPort is < 0 or > 65535)
            failures.Add($"{nameof(options.HealthPort)} must be a TCP port (0 for none).");
        if (options.Weights is { } weights)
        {
            if (!File.Exists(weights))
                failures.Add($"Backbone weights '{weights}' do not exist.");
            if (string.IsNullOrWhiteSpace(options.Config))
                failures.Add($"{nameof(options.Config)} (a named backbone config or JSON file) is required with {nameof(options.Weights)}.");
            else if (!VitConfig.Named.ContainsKey(options.Config) && !File.Exists(options.Config))
                failures.Add($"Backbone config '{options.Config}' is neither a named config ({string.Join(", ", VitConfig.Named.Keys)}) nor a file.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
