using System.CommandLine;
using static TorchSharp.torch;

namespace MeLo.Cli.Commands;

/// <summary>
/// --threads: torch's intra-op thread count. On a machine busy with other work, fewer threads than cores avoids
/// OpenMP threads spinning against each other (measured here: 1 thread ran 5-10x faster than 2 under heavy load).
/// </summary>
public sealed class TorchThreadsOption
{
    public Option<int?> Option { get; } = new("--threads") { Description = "Torch CPU threads (default: torch's choice, one per core)." };

    public void Apply(ParseResult parse)
    {
        if (parse.GetValue(Option) is { } threads)
        {
            if (threads < 1)
                throw new ArgumentException($"--threads must be at least 1, not {threads}.");
            set_num_threads(threads);
        }
    }
}
