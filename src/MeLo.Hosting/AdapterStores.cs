using MeLo.Serving.Engine.Repository;
using MeLo.Serving.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MeLo.Hosting;

/// <summary>Creates the adapter store a silo reads and the registry writes (a directory one needs DirectoryAdapterRepositoryOptions).</summary>
public static class AdapterStores
{
    public static Func<IServiceProvider, IAdapterRepository> For(AdapterStoreKind kind, ISiloBuilder silo)
    {
        if (kind == AdapterStoreKind.Directory)
            return sp => new DirectoryAdapterRepository(sp.GetRequiredService<IOptions<DirectoryAdapterRepositoryOptions>>());
        // In-memory grain storage is shared by the cluster but lost when it stops; a durable deployment registers its
        // own provider (Redis, ADO.NET, Azure, …) under the same name instead.
        silo.AddMemoryGrainStorage(OrleansStorageAdapterRepository.StorageName);
        return sp => new OrleansStorageAdapterRepository(sp.GetRequiredService<IGrainFactory>());
    }
}
