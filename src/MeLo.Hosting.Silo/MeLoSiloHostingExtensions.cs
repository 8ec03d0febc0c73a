using MeLo.Model.Checkpoints;
using MeLo.Model.Vit;
using MeLo.Serving.Engine;
using MeLo.Serving.Engine.Repository;
using MeLo.Serving.Grains;
using MeLo.Serving.Grains.Uploads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace MeLo.Hosting;

public static class MeLoSiloHostingExtensions
{
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
        services.AddOptions<AdapterGrainOptions>().Bind(builder.Configuration.GetSection(AdapterGrainOptions.SectionName));
        services.AddOptions<AdapterUploadOptions>().Bind(builder.Configuration.GetSection(AdapterUploadOptions.SectionName));

        string? served = null;
        if (silo.ServeBackbone)
        {
            served = backbone?.Config.Name ?? (silo.Weights is null ? PretrainedDemoBackbone.Name : VitConfig.Resolve(silo.Config!).Name);
            services.AddSingleton<IInferenceEngine>(sp => new InferenceEngine(backbone ?? LoadBackbone(silo), sp.GetRequiredService<IAdapterRepository>(),
                sp.GetRequiredService<IOptions<InferenceEngineOptions>>(), sp.GetRequiredService<ILogger<InferenceEngine>>()));
            services.AddHealthChecks().AddCheck<EngineHealthCheck>("engine", tags: [HealthTags.Ready, HealthTags.Startup]);
        }
        services.AddHealthChecks().AddCheck("silo-process", () => HealthCheckResult.Healthy(), tags: [HealthTags.Live]);

        builder.UseOrleans(orleans =>
        {
            orleans.UseMeLoClustering(cluster);
            // Answers name the silo that computed them; host and port say more to an operator than Orleans' random name.
            orleans.Configure<SiloOptions>(o => o.SiloName = $"{Environment.MachineName}:{cluster.SiloPort}");
            orleans.AddActivityPropagation();
            // With Redis clustering, grain-storage adapters persist in the same Redis.
            orleans.AddMeLoServingGrains(served, AdapterStores.For(silo.AdapterStore, orleans,
                cluster.Clustering == ClusteringMode.Redis ? RedisConfiguration.For(cluster) : null));
        });
        builder.Properties[HostingProperties.Silo] = silo;
        // A gateway in this process sends its grain calls through this silo, so they must fit the silo's message limit.
        services.AddSingleton<IValidateOptions<MeLo.Gateway.GatewayOptions>>(sp =>
            new OrleansMessageLimitsValidator(sp.GetRequiredService<IOptions<SiloMessagingOptions>>().Value.MaxMessageBodySize));
        return builder;
    }

    /// <summary>
    /// Serves the silo's probes on <see cref="MeLoSiloOptions.HealthPort"/> over HTTP/1.1 (kubelet's HTTP probes):
    /// /healthz/live (the process answers), /healthz/ready and /healthz/startup (backbone loaded, device thread running,
    /// forward passes not failing). Call after <see cref="AddMeLoSilo"/>, on a web host, when the port is set.
    /// </summary>
    public static WebApplication MapMeLoSiloHealth(this WebApplication app)
    {
        int port = app.Services.GetRequiredService<IOptions<MeLoSiloOptions>>().Value.HealthPort;
        foreach (var (path, tag) in new[] { ("/healthz/live", HealthTags.Live), ("/healthz/ready", HealthTags.Ready), ("/healthz/startup", HealthTags.Startup) })
            app.MapHealthChecks(path, new HealthCheckOptions { Predicate = check => check.Tags.Contains(tag) }).RequireHost($"*:{port}");
        return app;
    }

    /// <summary>Listens on the silo's health port only (HTTP/1.1); see <see cref="MapMeLoSiloHealth"/>.</summary>
    public static WebApplicationBuilder AddMeLoSiloHealthEndpoint(this WebApplicationBuilder builder, int port)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(port, listen => listen.Protocols = HttpProtocols.Http1));
        return builder;
    }

    static VisionTransformer LoadBackbone(MeLoSiloOptions silo) => silo.Weights is null
        ? PretrainedDemoBackbone.Load()
        : BackboneLoader.Load(VitConfig.Resolve(silo.Config!), silo.Weights, silo.Naming);
}
