namespace MeLo.Hosting;

/// <summary>Where the silos keep adapter files.</summary>
public enum AdapterStoreKind
{
    /// <summary>A directory every silo can read (local disk for one host, a shared volume for several).</summary>
    Directory,

    /// <summary>Orleans grain storage (provider <see cref="MeLo.Serving.Grains.Storage.OrleansStorageAdapterRepository.StorageName"/>),
    /// for clusters without a shared disk.</summary>
    GrainStorage,
}
