using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeLo.Serving.Abstractions;

/// <summary>
/// Keeps this process subscribed to the adapter registry and forwards changes to every <see cref="IAdapterChangeListener"/>.
/// Renews the subscription periodically: registry subscriptions expire, and the registry may move to another silo.
/// </summary>
public sealed partial class AdapterRegistrySubscription(
    IGrainFactory grains, IEnumerable<IAdapterChangeListener> listeners, ILogger<AdapterRegistrySubscription> logger)
    : BackgroundService, IAdapterRegistryObserver
{
    /// <summary>
    /// How often the subscription is renewed; the registry expires it after three missed renewals. Short, because a
    /// registry grain reactivated on another silo (its silo died) knows no subscribers until they renew: with 2 s, every
    /// process is subscribed again within about 2 s (plus failure detection). A renewal is one small grain call.
    /// </summary>
    public static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(2);

    /// <summary>How soon a failed subscription is tried again (e.g. while the cluster is still starting).</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    readonly IAdapterChangeListener[] _listeners = listeners.ToArray();

    public Task AdapterChangedAsync(string taskId)
    {
        foreach (var listener in _listeners)
            listener.OnAdapterChanged(taskId);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var self = grains.CreateObjectReference<IAdapterRegistryObserver>(this);
        var registry = grains.GetGrain<IAdapterRegistryGrain>(IAdapterRegistryGrain.Key);
        try
        {
            while (true)
            {
                var wait = RenewInterval;
                try
                {
                    await registry.SubscribeAsync(self);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogSubscribeFailed(e.GetType().Name);
                    wait = RetryInterval;
                }
                await Task.Delay(wait, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            grains.DeleteObjectReference<IAdapterRegistryObserver>(self);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to the adapter registry ({Error}); retrying.")]
    partial void LogSubscribeFailed(string error);
}
