namespace MeLo.Cli.Benchmarks;

/// <summary>What serves the MeLo methods of <see cref="DeploymentBenchmark"/>: one engine in process, or a live grid.</summary>
interface IDeploymentServer : IAsyncDisposable
{
    /// <summary>Serves one chunk (task id and image index per item) submitted at once, and returns when every item is answered.</summary>
    Task ServeAsync(IReadOnlyList<(string Task, int Image)> chunk, CancellationToken cancellationToken);

    /// <summary>Adapter switches and the time spent on them so far, over every engine that serves.</summary>
    (long Switches, TimeSpan Time) Switching { get; }

    /// <summary>The distinct silos that computed answers so far (0 in process).</summary>
    int SilosAnswering { get; }
}
