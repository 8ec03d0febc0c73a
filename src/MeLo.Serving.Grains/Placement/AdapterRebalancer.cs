using MeLo.Serving.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MeLo.Serving.Grains.Placement;

/// <summary>
/// Spreads adapter grains when silos are unevenly loaded, e.g. after a silo joins: Orleans never moves an activation by
/// itself, so without this a new silo would only get activations created after it joined. Every
/// <see cref="AdapterGrainOptions.RebalanceInterval"/>, a serving silo that holds at least
/// <see cref="AdapterGrainOptions.RebalanceThreshold"/> more activations than the lightest fresh serving silo migrates some
/// of them there, replicas of hot tasks first (they exist to spread load), then the busiest grains.
/// </summary>
public sealed partial class AdapterRebalancer(
    IGrainFactory grains, ILocalSiloDetails silo, ServingLoadView view, LocalAdapterActivations activations,
    IOptions<AdapterGrainOptions> options, ILogger<AdapterRebalancer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RebalanceInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RebalanceOnceAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRebalanceFailed(e.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One round; returns how many activations were asked to move.</summary>
    public async Task<int> RebalanceOnceAsync()
    {
        var lightest = view.FreshReports.Where(r => !r.Silo.Equals(silo.SiloAddress) && !r.IsFull)
            .OrderBy(r => r.AdapterActivations).FirstOrDefault();
        int mine = activations.Count;
        if (lightest is null || mine - lightest.AdapterActivations < options.Value.RebalanceThreshold)
            return 0;
        int moves = Math.Min(options.Value.MaxMovesPerRound, (mine - lightest.AdapterActivations) / 2);
        var movers = activations.ByRecentUse()
            .OrderBy(key => AdapterGrainKey.TaskOf(key).Length != key.Length ? 0 : 1) // stable: replicas first, then by recent use
            .Take(moves)
            .ToArray();
        foreach (var key in movers)
            await grains.GetGrain<IAdapterGrainControl>(key).MigrateToAsync(lightest.Silo);
        LogRebalanced(movers.Length, mine, lightest.AdapterActivations);
        return movers.Length;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Moving {Moves} adapter grain(s) to a lighter silo ({Mine} here, {Theirs} there).")]
    partial void LogRebalanced(int moves, int mine, int theirs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rebalancing round failed ({Error}).")]
    partial void LogRebalanceFailed(string error);
}
