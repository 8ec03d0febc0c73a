using System.CommandLine;
using System.Text.Json;
using MeLo.Cli.Benchmarks;
using MeLo.Model.Vit;

namespace MeLo.Cli.Commands;

/// <summary><c>melo bench</c>: benchmarks whose numbers go into issue notes; timings are ratios against a baseline in the same run.</summary>
public static class BenchCommand
{
    public static Command Create() => new("bench", "Benchmarks (ratios against a baseline measured in the same run).") { Forward(), TrainBenchmark.Create(), BenchServeCommand.Create(), BenchDeploymentCommand.Create(), BenchAdaptersCommand.Create() };

    static Command Forward()
    {
        var config = new Option<string>("--config") { Description = "Named backbone config or JSON file (random weights).", DefaultValueFactory = _ => "vit_base_patch16_224" };
        var batch = new Option<int>("--batch") { DefaultValueFactory = _ => 16 };
        var adapters = new Option<int>("--adapters") { Description = "Adapters mixed in each batch.", DefaultValueFactory = _ => 4 };
        var pairs = new Option<int>("--pairs") { Description = "Timed plain/mixed pairs.", DefaultValueFactory = _ => 5 };
        var warmup = new Option<int>("--warmup") { DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json");
        var command = new Command("forward", "Plain backbone forward vs one forward mixing several adapters.") { config, batch, adapters, pairs, warmup, json };
        command.SetAction(parse =>
        {
            var report = ForwardBenchmark.Run(VitConfig.Resolve(parse.GetValue(config)!), parse.GetValue(batch), parse.GetValue(adapters),
                parse.GetValue(pairs), parse.GetValue(warmup));
            parse.InvocationConfiguration.Output.WriteLine(parse.GetValue(json) ? JsonSerializer.Serialize(report, VitConfig.JsonOptions) : report.ToText());
        });
        return command;
    }
}
