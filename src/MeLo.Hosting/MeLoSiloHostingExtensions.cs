using MeLo.Model.Checkpoints;
using MeLo.Model.Vit;
using MeLo.Serving.Engine;
using MeLo.Serving.Engine.Repository;
using MeLo.Serving.Grains;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace MeLo.Hosting;

public static class MeLoSiloHostingExtensions
{
    /// <summary>Set in <see cref="IHostApplicationBuilder.Properties"/> when the host runs a silo, so that a gateway in the same
    /// process uses it directly instead of connecting as a client.</summary>
    internal const string SiloPropertyKey = "MeLo.Silo";

    /// <summary>
    /// Makes this host an Orleans silo of the MeLo grid: clustering from <see cref="MeLoClusterOptions"/>, and (unless
    /// <see cref="MeLoSiloOptions.ServeBackbone"/> is false) a backbone with its inference engine (settings from
    /// <see cref="InferenceEngineOptions.SectionName"/>) that serves adapter grains. Adapters are read from the store named by
    /// <see cref="MeLoSiloOptions.AdapterStore"/>. Options are validated here; invalid ones throw.
    /// <paramref name="backbone"/>, when given, is served instead of the one the options name (tests and benchmarks build
    /// their own); the silo's engine takes ownership of it.
    /// </summary>
    public static IHostApplicationBuilder AddMeLoSilo(this IHostApplicationBuilder builder,
        Action<MeLoSiloOptions>? configureSilo = null, Action<MeLoClusterOptions>? configureCluster = null, VisionTransformer? backbone = null)
    {
        var cluster = builder.BindNow(MeLoClusterOptions.SectionName, new MeLoClusterOptionsValidator(), configureCluster);
        var silo = builder.BindNow(MeLoSiloOptions.SectionName, new MeLoSiloOptionsValidator(), configureSilo);
        var services = builder.Services;
        services.AddOptions<DirectoryAdapterRepositoryOptions>()
            .Bind(builder.Configuration.GetSection(DirectoryAdapterRepositoryOptions.SectionName))
            .PostConfigure(o => o.Root = o.Root is "" ? Path.Combine(silo.DataDirectory, "adapters") : o.Root);
        services.AddOptions<InferenceEngineOptions>().Bind(builder.Configuration.GetSection(InferenceEngineOptions.SectionName));

        string? served = null;
        if (silo.ServeBackbone)
        {
            served = backbone?.Config.Name ?? (silo.Weights is null ? PretrainedDemoBackbone.Name : VitConfig.Resolve(silo.Config!).Name);
            services.AddSingleton<IInferenceEngine>(sp => new InferenceEngine(backbone ?? LoadBackbone(silo), sp.GetRequiredService<IAdapterRepository>(),
                sp.GetRequiredService<IOptions<InferenceEngineOptions>>(), sp.GetRequiredService<ILogger<InferenceEngine>>()));
        }

        builder.UseOrleans(orleans =>
        {
            orleans.UseMeLoClustering(cluster);
            // Answers name the silo that computed them; host and port say more to an operator than Orleans' random name.
            orleans.Configure<SiloOptions>(o => o.SiloName = $"{Environment.MachineName}:{cluster.SiloPort}");
            orleans.AddActivityPropagation();
            orleans.AddMeLoServingGrains(served, AdapterStores.For(silo.AdapterStore, orleans));
        });
        // After the silo (hosted services start in order, and a grain-storage store needs the silo running) but before the
        // host reports itself started, so the demo tasks are servable from the first request.
        if (served is not null && backbone is null && silo.Weights is null && silo.DemoContent)
            services.AddHostedService<DemoContent>();
        builder.Properties[SiloPropertyKey] = true;
        return builder;
    }

    static VisionTransformer LoadBackbone(MeLoSiloOptions silo) => silo.Weights is null
        ? PretrainedDemoBackbone.Load()
        : BackboneLoader.Load(VitConfig.Resolve(silo.Config!), silo.Weights, silo.Naming);
}
