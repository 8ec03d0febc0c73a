using MeLo.Serving.Abstractions;
using MeLo.Serving.Engine.Repository;
using MeLo.Serving.Grains.Placement;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace MeLo.Serving.Grains;

public static class ServingSiloBuilderExtensions
{
    /// <summary>
    /// Adds adapter placement, load reporting and the registry's change relay. <paramref name="backbone"/> names the
    /// backbone this silo serves, or is null for a silo without one (it then never hosts adapter grains).
    /// The caller registers the store as <paramref name="store"/>; the engine must read adapters through the
    /// <see cref="ClusterAdapterRepository"/> registered here as <see cref="IAdapterRepository"/>.
    /// </summary>
    public static ISiloBuilder AddMeLoServingGrains(this ISiloBuilder builder, string? backbone, Func<IServiceProvider, IAdapterRepository> store)
    {
        var metadata = new Dictionary<string, string>();
        if (backbone is not null)
            metadata[ServingSiloMetadata.BackboneKey] = backbone;
        builder.UseSiloMetadata(metadata);
        builder.AddPlacementDirector<AdapterPlacementStrategy, AdapterPlacementDirector>();
        builder.Services.AddSingleton<ServingLoadView>();
        builder.Services.AddSingleton<LocalAdapterActivations>();
        builder.Services.AddHostedService<ServingLoadPublisher>();
        builder.Services.AddSingleton(services => new ClusterAdapterRepository(store(services)));
        builder.Services.AddSingleton<IAdapterRepository>(services => services.GetRequiredService<ClusterAdapterRepository>());
        builder.Services.AddSingleton<IAdapterChangeListener>(services => services.GetRequiredService<ClusterAdapterRepository>());
        builder.Services.AddHostedService<AdapterRegistrySubscription>();
        return builder;
    }
}
