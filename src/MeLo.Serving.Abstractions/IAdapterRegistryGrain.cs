using Orleans.Concurrency;

namespace MeLo.Serving.Abstractions;

/// <summary>
/// The cluster's single writer of adapters (key <see cref="Key"/>). Failures are <see cref="ServingFaultException"/>s:
/// NotFound, or InvalidArgument for a file that is not a valid adapter for this grid's backbone.
/// </summary>
[Alias("melo.IAdapterRegistryGrain")]
public interface IAdapterRegistryGrain : IGrainWithStringKey
{
    public const string Key = "registry";

    [Alias("List")]
    Task<AdapterSummary[]> ListAsync(bool activeOnly);

    /// <summary>The given version, or the task's active one when <paramref name="version"/> is null.</summary>
    [Alias("Get")]
    Task<AdapterSummary> GetAsync(string taskId, string? version);

    [Alias("Put")]
    Task<AdapterSummary> PutAsync(string taskId, byte[] adapterFile, bool activate);

    /// <summary>One version, or every version when <paramref name="version"/> is null; false if there was none.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync(string taskId, string? version);

    [Alias("SetActiveVersion")]
    Task<AdapterSummary> SetActiveVersionAsync(string taskId, string version);

    /// <summary>Silos with a backbone that reported recently: a gateway is ready only while there is at least one.</summary>
    [Alias("ServingSiloCount"), AlwaysInterleave]
    Task<int> ServingSiloCountAsync();

    /// <summary>Subscriptions expire; subscribers renew them periodically (see <see cref="AdapterRegistrySubscription"/>).</summary>
    [Alias("Subscribe")]
    Task SubscribeAsync(IAdapterRegistryObserver observer);

    [Alias("Unsubscribe")]
    Task UnsubscribeAsync(IAdapterRegistryObserver observer);
}
