namespace MeLo.Cli.Benchmarks;

/// <summary>What <see cref="EngineBenchmark"/> runs: how many tasks and requests, how many clients at once, and the engine's batching.</summary>
public sealed record EngineBenchmarkSettings
{
    /// <summary>Tasks in the multi-task run (each its own adapter, 2, 3, 4, … classes).</summary>
    public int Tasks { get; init; } = 3;

    /// <summary>Timed requests of each kind (single-task and multi-task) per policy, spread over <see cref="Rounds"/>.</summary>
    public int Requests { get; init; } = 256;

    /// <summary>The single- and multi-task runs alternate (A B, B A, …) this many times, so that machine drift hits both.</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>Untimed requests over all tasks before each policy's runs (cold loads, first-call costs).</summary>
    public int WarmupRequests { get; init; } = 32;

    /// <summary>Clients sending back to back (closed loop); latency is what each client sees.</summary>
    public int Concurrency { get; init; } = 32;

    public int MaxBatchSize { get; init; } = 16;
    public TimeSpan MaxQueueDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Square image size; null for the backbone's own.</summary>
    public int? ImageSize { get; init; }

    public int Rank { get; init; } = 4;
    public string Device { get; init; } = "cpu";
    public int Seed { get; init; }

    public void Validate()
    {
        var problems = new List<string>();
        if (Tasks < 2)
            problems.Add($"Tasks must be at least 2 to mix tasks, not {Tasks}");
        if (Rounds < 1 || Requests < Rounds || WarmupRequests < 0 || Concurrency < 1)
            problems.Add($"Rounds ({Rounds}) and Concurrency ({Concurrency}) must be positive, Requests ({Requests}) at least Rounds, and WarmupRequests ({WarmupRequests}) not negative");
        if (Rank < 1)
            problems.Add($"Rank must be positive, not {Rank}");
        if (problems.Count > 0)
            throw new ArgumentException($"Invalid engine benchmark settings: {string.Join("; ", problems)}.");
    }
}
