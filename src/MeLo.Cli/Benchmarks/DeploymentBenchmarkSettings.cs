namespace MeLo.Cli.Benchmarks;

/// <summary>The workload of <see cref="DeploymentBenchmark"/>; defaults are the paper's Table 2 (100 images, 4 tasks).</summary>
public sealed record DeploymentBenchmarkSettings
{
    public int Images { get; init; } = 100;
    public int Tasks { get; init; } = 4;
    /// <summary>Seed of the shuffle, the images, the adapters and the random full models.</summary>
    public int Seed { get; init; } = 7;
    /// <summary>Images submitted together (and the engine's MaxBatchSize): the stream is served in chunks of this size.</summary>
    public int Batch { get; init; } = 16;
    /// <summary>`melo train --mode full` files, one per task in task order; empty: random full models of the config.</summary>
    public IReadOnlyList<string> FullModels { get; init; } = [];
    /// <summary>Serve the MeLo methods through a live gateway and a 2-silo cluster in this process instead of one engine.</summary>
    public bool Grid { get; init; }

    /// <exception cref="ArgumentException">A setting out of range, naming it.</exception>
    public void Validate()
    {
        if (Tasks < 1)
            throw new ArgumentException($"--tasks must be at least 1, not {Tasks}.");
        if (Images < Tasks || Images % Tasks != 0)
            throw new ArgumentException($"--images must be a positive multiple of --tasks ({Tasks}), not {Images}.");
        if (Batch < 1)
            throw new ArgumentException($"--batch must be at least 1, not {Batch}.");
        if (FullModels.Count != 0 && FullModels.Count != Tasks)
            throw new ArgumentException($"--full-models needs one file per task ({Tasks}), not {FullModels.Count}.");
        foreach (var path in FullModels)
            if (!File.Exists(path))
                throw new ArgumentException($"--full-models: file not found: {path}");
    }
}
