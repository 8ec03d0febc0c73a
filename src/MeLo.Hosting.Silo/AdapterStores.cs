using MeLo.Serving.Engine.Repository;
using MeLo.Serving.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MeLo.Hosting;

/// <summary>Creates the adapter store a silo reads and the registry writes (a directory one needs DirectoryAdapterRepositoryOptions).</summary>
public static class AdapterStores
{
    /// <param name="redis">With grain storage: the Redis where adapters persist. Null keeps them in memory, shared by
    /// the cluster but lost when it stops (a single-process `melo serve`).</param>
    public static Func<IServiceProvider, IAdapterRepository> For(AdapterStoreKind kind, ISiloBuilder silo, ConfigurationOptions? redis = null)
    {
        if (kind == AdapterStoreKind.Directory)
            return sp => new DirectoryAdapterRepository(sp.GetRequiredService<IOptions<DirectoryAdapterRepositoryOptions>>());
        if (redis is null)
            silo.AddMemoryGrainStorage(OrleansStorageAdapterRepository.StorageName);
        else
            silo.AddRedisGrainStorage(OrleansStorageAdapterRepository.StorageName, storage => storage.ConfigurationOptions = redis);
        return sp => new OrleansStorageAdapterRepository(sp.GetRequiredService<IGrainFactory>());
    }
}
