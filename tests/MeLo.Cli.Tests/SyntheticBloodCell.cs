using MeLo.Data;
using static TorchSharp.torch;

namespace MeLo.Cli.Tests;

/// <summary>The synthetic bloodcell-like task at the demo backbone's 64 px, written once for a test class and deleted afterwards.</summary>
public sealed class SyntheticBloodCell : IDisposable
{
    readonly TempDirectory _scratch = new("melo-cli-synthetic-");
    public SyntheticBloodCell()
    {
        // One torch thread: training shares two cores with the test host, and competing OpenMP threads slow a step down.
        set_num_threads(1);
        var task = SyntheticTaskWriter.Write(_scratch.Combine("synthetic"), new SyntheticTaskOptions
        {
            ImageSize = 64, ImagesPerClass = 50, Seed = 7, Tasks = SyntheticTask.BloodCellLike,
        }).Single();
        Images = Path.Combine(task.Directory, "images");
    }

    public string Root => _scratch.Path;

    /// <summary>The task's image folder (one sub-folder per class).</summary>
    public string Images { get; }

    /// <summary>A fresh folder under the fixture's root.</summary>
    public string NewDirectory(string name) => _scratch.NewDirectory(name);

    public void Dispose() => _scratch.Dispose();
}
