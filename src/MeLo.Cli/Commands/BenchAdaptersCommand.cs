using System.CommandLine;
using System.Text.Json;
using MeLo.Cli.Benchmarks;
using MeLo.Model.Vit;

namespace MeLo.Cli.Commands;

/// <summary><c>melo bench adapters</c>: memory, cold-load latency and throughput with many resident adapters.</summary>
public static class BenchAdaptersCommand
{
    public static Command Create()
    {
        var counts = new Option<string>("--counts") { Description = "Adapter counts to sweep.", DefaultValueFactory = _ => "1,16,128,1024" };
        var config = new Option<string>("--config") { Description = "Named backbone config or JSON file (random weights).", DefaultValueFactory = _ => "vit_base_patch16_224" };
        var rank = new Option<int>("--rank") { Description = "LoRA rank of every adapter (and the engine's MaxRank).", DefaultValueFactory = _ => 4 };
        var batch = new Option<int>("--batch") { Description = "Engine batch size and requests in flight.", DefaultValueFactory = _ => 16 };
        var requests = new Option<int>("--requests") { Description = "Timed requests per stream kind (single-task, random-order).", DefaultValueFactory = _ => 64 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 7 };
        var plot = new Option<string>("--plot") { Description = "PNG plot of memory and throughput ratio per count.", DefaultValueFactory = _ => "bench-adapters.png" };
        var json = new Option<bool>("--json");
        var command = new Command("adapters",
            "Per adapter count: resident adapter bytes, process RSS, cold-load p50/p99 and random-order / single-task throughput.")
        {
            counts, config, rank, batch, requests, seed, plot, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var list = parse.GetValue(counts)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(s => int.TryParse(s, out var n) ? n : throw new ArgumentException($"--counts takes positive adapter counts, not '{s}'."))
                .ToArray();
            var report = await AdaptersBenchmark.RunAsync(VitConfig.Resolve(parse.GetValue(config)!), list, parse.GetValue(rank), parse.GetValue(batch),
                parse.GetValue(requests), parse.GetValue(seed), cancellationToken);
            BenchmarkCharts.Adapters(parse.GetValue(plot)!, report);
            await parse.InvocationConfiguration.Output.WriteLineAsync(parse.GetValue(json) ? JsonSerializer.Serialize(report, VitConfig.JsonOptions) : report.ToText());
        });
        return command;
    }
}
