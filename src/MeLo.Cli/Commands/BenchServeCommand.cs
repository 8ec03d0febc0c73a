using System.CommandLine;
using System.Text.Json;
using MeLo.Cli.Benchmarks;
using MeLo.Model.Vit;

namespace MeLo.Cli.Commands;

/// <summary><c>melo bench serve</c>: the grid's throughput and latency through the gateway against the engine in process.</summary>
public static class BenchServeCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "Named backbone config or JSON file (random weights).", DefaultValueFactory = _ => "vit_tiny_patch16_224" };
        var tasks = new Option<int>("--tasks") { Description = "Tasks in the mixed run.", DefaultValueFactory = _ => 3 };
        var requests = new Option<int>("--requests") { Description = "Timed requests per run kind (single-task, mixed-task).", DefaultValueFactory = _ => 256 };
        var rounds = new Option<int>("--rounds") { Description = "Alternating single/mixed rounds.", DefaultValueFactory = _ => 2 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight (engine clients; gateway stream bound).", DefaultValueFactory = _ => 32 };
        var batch = new Option<int>("--batch") { Description = "Engine batch size.", DefaultValueFactory = _ => 16 };
        var device = new Option<string>("--device") { DefaultValueFactory = _ => "cpu" };
        var json = new Option<bool>("--json");
        var command = new Command("serve", "Stream throughput through the gateway vs the engine in process, mixed vs single task, switch cost, latency.")
        {
            config, tasks, requests, rounds, concurrency, batch, device, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new EngineBenchmarkSettings
            {
                Tasks = parse.GetValue(tasks),
                Requests = parse.GetValue(requests),
                Rounds = parse.GetValue(rounds),
                Concurrency = parse.GetValue(concurrency),
                MaxBatchSize = parse.GetValue(batch),
                Device = parse.GetValue(device)!,
            };
            var report = await ServeBenchmark.RunAsync(VitConfig.Resolve(parse.GetValue(config)!), settings, cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync(parse.GetValue(json) ? JsonSerializer.Serialize(report, VitConfig.JsonOptions) : report.ToText());
        });
        return command;
    }
}
