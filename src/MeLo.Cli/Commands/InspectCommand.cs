using System.CommandLine;
using System.Text.Json;
using MeLo.Model;
using MeLo.Model.Adapters;
using MeLo.Model.Lora;
using MeLo.Model.Vit;
using MeLo.Serving.Engine;

namespace MeLo.Cli.Commands;

/// <summary><c>melo inspect</c>: parameter accounting and adapter size for a backbone config, without weights.</summary>
public static class InspectCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "Named backbone config or a JSON file.", Required = true };
        var rank = new Option<int>("--rank") { Description = "LoRA rank.", DefaultValueFactory = _ => 4 };
        var alpha = new Option<double>("--alpha") { Description = "LoRA alpha (scale = alpha / rank).", DefaultValueFactory = _ => 4 };
        var targets = new Option<string>("--targets") { Description = "LoRA targets: q,k,v,o,fc1,fc2.", DefaultValueFactory = _ => "q,v" };
        var classes = new Option<int>("--classes") { Description = "Classes of the task head.", DefaultValueFactory = _ => 2 };
        var batchSizes = new Option<string>("--batch-sizes") { Description = "Batch sizes for the device-memory estimate.", DefaultValueFactory = _ => "1,16,64" };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("inspect", "Print backbone, adapter, head and trainable parameter counts and the adapter's size on disk.")
        {
            config, rank, alpha, targets, classes, batchSizes, json,
        };
        command.SetAction(parse =>
        {
            var report = Inspect(VitConfig.Resolve(parse.GetValue(config)!),
                new LoraSettings { Rank = parse.GetValue(rank), Alpha = parse.GetValue(alpha), Targets = LoraTargetShapes.ParseList(parse.GetValue(targets)!) },
                parse.GetValue(classes), ParseBatchSizes(parse.GetValue(batchSizes)!));
            parse.InvocationConfiguration.Output.WriteLine(parse.GetValue(json) ? JsonSerializer.Serialize(report, VitConfig.JsonOptions) : report.ToText());
        });
        return command;
    }

    public static InspectReport Inspect(VitConfig config, LoraSettings settings, int classes, IReadOnlyList<int>? batchSizes = null)
    {
        settings.Validate();
        // A zero adapter on the config alone: no backbone weights are needed to measure the file.
        using var adapter = new LoraAdapter(config, settings, classes);
        var manifest = new AdapterManifest { TaskId = "inspect", Labels = Enumerable.Range(0, classes).Select(i => $"class{i}").ToArray() };
        return new InspectReport(
            config.Name, config.ImageSize, config.PatchSize, config.Dim, config.Depth, config.Heads, config.MlpDim,
            settings.Rank, settings.Alpha, settings.Scale, settings.Targets.Select(t => t.ShortName()).ToArray(), classes,
            ParameterAccounting.Backbone(config with { NumClasses = 0 }),
            ParameterAccounting.Lora(config, settings),
            ParameterAccounting.Head(config, classes),
            ParameterAccounting.Trainable(config, settings, classes),
            AdapterFile.Serialize(adapter, manifest, AdapterDType.F32).LongLength,
            AdapterFile.Serialize(adapter, manifest, AdapterDType.F16).LongLength,
            DeviceMemory(config, batchSizes ?? [1, 16, 64]));
    }

    /// <summary>Per dtype and batch size, for an engine with default adapter slots and MaxRank.</summary>
    static IReadOnlyList<DeviceMemoryEstimate> DeviceMemory(VitConfig config, IReadOnlyList<int> batchSizes)
    {
        var engine = new InferenceEngineOptions();
        return [.. from dtype in Enum.GetValues<EngineDType>()
                   from batch in batchSizes
                   select DeviceMemoryEstimate.For(config with { NumClasses = 0 }, dtype, batch, engine.AdapterCapacity, engine.MaxRank)];
    }

    static int[] ParseBatchSizes(string list)
    {
        var sizes = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.TryParse(s, out var n) && n > 0 ? n : throw new ArgumentException($"--batch-sizes takes positive integers, not '{s}'."))
            .ToArray();
        return sizes.Length > 0 ? sizes : throw new ArgumentException("--batch-sizes needs at least one batch size.");
    }
}
