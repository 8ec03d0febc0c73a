using MeLo.Data;
using MeLo.Model.Adapters;
using MeLo.Model.Vit;
using MeLo.Serving.Engine.Repository;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MeLo.Hosting;

/// <summary>
/// What `melo serve` needs to work out of the box on the untrained demo backbone: one random, deterministic adapter per
/// synthetic task (shenzhen-like, bloodcell-like, nih-like) and a few synthetic sample images to send. Created once under
/// the data directory (a marker file records it), so restarts and deliberate deletions through the API are respected.
/// Predictions of these adapters mean nothing; they exist to exercise the grid.
/// </summary>
public sealed partial class DemoContent(IAdapterRepository repository, IOptions<MeLoSiloOptions> options, ILogger<DemoContent> logger) : IHostedService
{
    public const SyntheticTask Tasks = SyntheticTask.ShenzhenLike | SyntheticTask.BloodCellLike | SyntheticTask.NihLike;

    public static IEnumerable<string> TaskNames => SyntheticTaskWriter.TaskNames.Where(t => Tasks.HasFlag(t.Task)).Select(t => t.Name);

    public static string SamplesDirectory(MeLoSiloOptions options) => Path.Combine(Path.GetFullPath(options.DataDirectory), "demo", "samples");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var marker = Path.Combine(Path.GetFullPath(options.Value.DataDirectory), "demo", "created");
        if (File.Exists(marker))
            return;
        var samples = SyntheticTaskWriter.Write(SamplesDirectory(options.Value), new SyntheticTaskOptions
        {
            ImageSize = DemoBackbone.Config.ImageSize, ImagesPerClass = 3, MultiLabelImageCount = 12, Tasks = Tasks, Overwrite = true,
        }, cancellationToken);
        using var backbone = DemoBackbone.Create();
        for (int i = 0; i < samples.Count; i++)
        {
            var task = samples[i];
            if (await repository.GetAsync(task.Name, cancellationToken: cancellationToken) is null)
                await repository.PutAsync(task.Name, RandomAdapter.Create(backbone, new AdapterManifest
                {
                    TaskId = task.Name,
                    DisplayName = $"{task.Description} (random demo adapter)",
                    Labels = task.LabelNames,
                    MultiLabel = task.IsMultiLabel,
                    Source = $"melo serve demo content: random adapter on the {DemoBackbone.Label}",
                }, seed: 1000 + i), activate: true, cancellationToken);
        }
        await File.WriteAllTextAsync(marker, $"{DateTimeOffset.UtcNow:O}{Environment.NewLine}", cancellationToken);
        LogCreated(samples.Count, SamplesDirectory(options.Value));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created {Count} demo adapters and synthetic sample images under {Directory}.")]
    partial void LogCreated(int count, string directory);
}
