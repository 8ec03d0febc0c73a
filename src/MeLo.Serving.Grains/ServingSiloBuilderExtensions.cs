using MeLo.Serving.Abstractions;
using MeLo.Serving.Engine.Repository;
using MeLo.Serving.Grains.Placement;
using MeLo.Serving.Grains.Uploads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace MeLo.Serving.Grains;

public static class ServingSiloBuilderExtensions
{
    /// <summary>
    /// Adds adapter placement, load reporting, rebalancing, idle collection of adapter grains and the registry's change
    /// relay. <paramref name="backbone"/> names the backbone this silo serves, or is null for a silo without one (it then
    /// never hosts adapter grains). The caller registers the store as <paramref name="store"/>; the engine must read
    /// adapters through the <see cref="ClusterAdapterRepository"/> registered here as <see cref="IAdapterRepository"/>.
    /// <see cref="AdapterGrainOptions"/> and <see cref="AdapterUploadOptions"/> come from the caller's configuration of those options types.
    /// </summary>
    public static ISiloBuilder AddMeLoServingGrains(this ISiloBuilder builder, string? backbone, Func<IServiceProvider, IAdapterRepository> store)
    {
        var metadata = new Dictionary<string, string>();
        if (backbone is not null)
            metadata[ServingSiloMetadata.BackboneKey] = backbone;
        builder.UseSiloMetadata(metadata);
        builder.AddPlacementDirector<AdapterPlacementStrategy, AdapterPlacementDirector>();
        var services = builder.Services;
        services.AddOptionsWithValidateOnStart<AdapterGrainOptions, AdapterGrainOptionsValidator>();
        // Idle collection is the eviction policy: an adapter grain idle for IdleTimeout deactivates and releases its adapter.
        services.AddOptions<GrainCollectionOptions>().Configure<IOptions<AdapterGrainOptions>>((collection, grains) =>
        {
            var idle = grains.Value.IdleTimeout;
            collection.ClassSpecificCollectionAge[typeof(AdapterGrain).FullName!] = idle;
            if (collection.CollectionQuantum * 2 > idle)
                collection.CollectionQuantum = idle / 2; // Orleans requires a collection age above the quantum
        });
        services.AddOptionsWithValidateOnStart<AdapterUploadOptions, AdapterUploadOptionsValidator>();
        services.AddSingleton<AdapterUploadValidator>();
        services.AddSingleton(sp => new ServingLoadView(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<LocalAdapterActivations>();
        services.AddHostedService<ServingLoadPublisher>();
        if (backbone is not null)
            services.AddHostedService<AdapterRebalancer>();
        services.AddSingleton(sp => new ClusterAdapterRepository(store(sp)));
        services.AddSingleton<IAdapterRepository>(sp => sp.GetRequiredService<ClusterAdapterRepository>());
        // In this order: the engine learns of a change (through the repository) before the grains re-read the active version.
        services.AddSingleton<IAdapterChangeListener>(sp => sp.GetRequiredService<ClusterAdapterRepository>());
        services.AddSingleton<AdapterGrainRefresher>();
        services.AddSingleton<IAdapterChangeListener>(sp => sp.GetRequiredService<AdapterGrainRefresher>());
        services.AddHostedService<AdapterRegistrySubscription>();
        return builder;
    }
}
