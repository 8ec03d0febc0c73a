using MeLo.Serving.Abstractions;
using MeLo.Serving.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace MeLo.Serving.Grains.Placement;

/// <summary>
/// Every <see cref="ReportInterval"/>: reports this silo's residency and load (when it has an engine) and refreshes the
/// <see cref="ServingLoadView"/> that this silo's placement decisions read.
/// </summary>
public sealed partial class ServingLoadPublisher(
    IGrainFactory grains, ILocalSiloDetails silo, ServingLoadView view, LocalAdapterActivations activations,
    IServiceProvider services, IOptions<SiloMetadata> metadata, IOptions<InferenceEngineOptions> engineOptions,
    ILogger<ServingLoadPublisher> logger) : BackgroundService
{
    public static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);

    // Silos without a backbone have no engine; they report nothing but still need the view to place grains elsewhere.
    // Resolving it here also creates the engine (and loads the backbone) while the silo starts, not on the first request.
    readonly IInferenceEngine? _engine = services.GetService<IInferenceEngine>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var collector = grains.GetGrain<IServingLoadGrain>(IServingLoadGrain.Key);
        using var timer = new PeriodicTimer(ReportInterval);
        try
        {
            do
            {
                try
                {
                    view.Update(await collector.ExchangeAsync(Report()));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogExchangeFailed(e.GetType().Name);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    SiloServingReport? Report()
    {
        if (_engine is null)
            return null;
        var statistics = _engine.Statistics;
        var resident = _engine.ResidentAdapters;
        return new SiloServingReport
        {
            Silo = silo.SiloAddress,
            // Placement works per task.
            ResidentTasks = [.. resident.Select(a => a.TaskId).Distinct()],
            HostedTasks = activations.Tasks,
            QueueLength = statistics.QueueLength,
            AdapterActivations = activations.Count,
            AdapterCapacity = _engine.AdapterCapacity,
            PinnedAdapters = statistics.PinnedAdapters,
            Backbone = Uploads.ServedBackbone.From(_engine.Capabilities),
            Status = new SiloServingStatus
            {
                Silo = silo.Name,
                Backbone = metadata.Value.Metadata.GetValueOrDefault(ServingSiloMetadata.BackboneKey) ?? "",
                Device = engineOptions.Value.Device,
                QueueDepth = statistics.QueueLength,
                ResidentAdapters = [.. resident.Select(a => new ResidentAdapter { TaskId = a.TaskId, Version = a.Version })
                    .OrderBy(a => a.TaskId, StringComparer.Ordinal).ThenBy(a => a.Version, StringComparer.Ordinal)],
                PinnedAdapters = statistics.PinnedAdapters,
                AdapterCapacity = _engine.AdapterCapacity,
                ResidentBytes = statistics.ResidentBytes,
                AdapterGrains = activations.Count,
                Items = statistics.Items,
                Batches = statistics.Batches,
                AdapterSwitches = statistics.AdapterSwitches,
                ColdLoads = statistics.ColdLoads,
                Evictions = statistics.Evictions,
            },
        };
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Serving load exchange failed ({Error}); placement uses the previous view.")]
    partial void LogExchangeFailed(string error);
}
