using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MeLo.Hosting;

/// <summary>
/// Options that shape the host itself (clustering provider, ports, whether there is a backbone) are needed while the host
/// is being built, not later from DI: they are bound and validated at once (failing fast with every problem listed), and
/// registered the same way for consumers in DI.
/// </summary>
static class OptionsBinding
{
    public static T BindNow<T>(this IHostApplicationBuilder builder, string section, IValidateOptions<T> validator, Action<T>? configure)
        where T : class, new()
    {
        var options = new T();
        builder.Configuration.GetSection(section).Bind(options);
        configure?.Invoke(options);
        var result = validator.Validate(Options.DefaultName, options);
        if (result.Failed)
            throw new OptionsValidationException(Options.DefaultName, typeof(T), result.Failures);
        builder.Services.AddOptions<T>().Bind(builder.Configuration.GetSection(section)).Configure(o => configure?.Invoke(o));
        builder.Services.AddSingleton(validator);
        return options;
    }
}
