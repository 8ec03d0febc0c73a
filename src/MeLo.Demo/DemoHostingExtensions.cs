using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MeLo.Hosting;

public static class DemoHostingExtensions
{
    /// <summary>
    /// Adds <see cref="DemoContent"/> to a silo that serves the pretrained demo backbone from its options (a backbone, no
    /// weights) with <see cref="MeLoSiloOptions.DemoContent"/> on. Call right after <see cref="MeLoSiloHostingExtensions.AddMeLoSilo"/>:
    /// after the silo (hosted services start in order, and a grain-storage store needs the silo running) but before the
    /// host reports itself started, so the demo tasks are servable from the first request.
    /// </summary>
    public static IHostApplicationBuilder AddMeLoDemoContent(this IHostApplicationBuilder builder)
    {
        if (!builder.Properties.TryGetValue(HostingProperties.Silo, out var value) || value is not MeLoSiloOptions silo)
            throw new InvalidOperationException($"{nameof(AddMeLoDemoContent)} needs a silo: call {nameof(MeLoSiloHostingExtensions.AddMeLoSilo)} first.");
        if (silo is { ServeBackbone: true, Weights: null, DemoContent: true })
            builder.Services.AddHostedService<DemoContent>();
        return builder;
    }
}
