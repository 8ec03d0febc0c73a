using System.CommandLine;
using System.Text.Json;
using MeLo.Cli.Benchmarks;
using MeLo.Model.Vit;

namespace MeLo.Cli.Commands;

/// <summary><c>melo bench deployment</c>: the MeLo paper's Table 2 (task-ordered vs shuffled stream, MeLo vs fine-tuned models on demand).</summary>
public static class BenchDeploymentCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "Named backbone config or JSON file (random weights).", DefaultValueFactory = _ => "vit_base_patch16_224" };
        var images = new Option<int>("--images") { Description = "Images in the stream, shared equally by the tasks.", DefaultValueFactory = _ => 100 };
        var tasks = new Option<int>("--tasks") { DefaultValueFactory = _ => 4 };
        var seed = new Option<int>("--seed") { Description = "Seed of the shuffled order, images, adapters and random full models.", DefaultValueFactory = _ => 7 };
        var batch = new Option<int>("--batch") { Description = "Images submitted together (the engine's batch size).", DefaultValueFactory = _ => 16 };
        var fullModels = new Option<string>("--full-models")
        {
            Description = "Comma-separated `melo train --mode full` model files, one per task in task order (default: random full models of the config).",
        };
        var plot = new Option<string>("--plot") { Description = "PNG bar chart of TT and ST.", DefaultValueFactory = _ => "bench-deployment.png" };
        var grid = new Option<bool>("--grid")
        {
            Description = "Run the MeLo methods through a live gateway and a 2-silo cluster (in this process, loopback ports) instead of one engine.",
        };
        var json = new Option<bool>("--json");
        var command = new Command("deployment",
            "The paper's Table 2: a stream over several tasks in task order and shuffled; total time TT, switch time ST and switches for " +
            "melo-mixed, melo-grouped-merge, melo-grouped-select and finetuned-on-demand.")
        {
            config, images, tasks, seed, batch, fullModels, grid, plot, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new DeploymentBenchmarkSettings
            {
                Images = parse.GetValue(images),
                Tasks = parse.GetValue(tasks),
                Seed = parse.GetValue(seed),
                Batch = parse.GetValue(batch),
                FullModels = parse.GetValue(fullModels)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [],
                Grid = parse.GetValue(grid),
            };
            var report = await DeploymentBenchmark.RunAsync(VitConfig.Resolve(parse.GetValue(config)!), settings, cancellationToken);
            BenchmarkCharts.Deployment(parse.GetValue(plot)!, report);
            await parse.InvocationConfiguration.Output.WriteLineAsync(parse.GetValue(json) ? JsonSerializer.Serialize(report, VitConfig.JsonOptions) : report.ToText());
        });
        return command;
    }
}
