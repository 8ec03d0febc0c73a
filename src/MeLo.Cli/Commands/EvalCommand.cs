using System.CommandLine;
using System.Text.Json;
using MeLo.Data;
using MeLo.Training;

namespace MeLo.Cli.Commands;

/// <summary><c>melo eval</c>: score an adapter or a fully fine-tuned model on labelled images: ACC, SEN, PRE, F1S, AUC and the confusion matrix.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var backbone = new BackboneOptions();
        var data = new DataSourceOptions();
        var threads = new TorchThreadsOption();
        var adapter = new Option<string?>("--adapter") { Description = "Adapter file (MeLo or linear probe) to evaluate on its backbone." };
        var model = new Option<string?>("--model") { Description = "Full fine-tuning model file (model.safetensors from melo train --mode full)." };
        var subset = new Option<string>("--subset") { Description = "Which images: all, or the train, val or test part of the split.", DefaultValueFactory = _ => "all" };
        subset.AcceptOnlyFromAmong("all", "train", "val", "test");
        var batch = new Option<int>("--batch-size") { DefaultValueFactory = _ => 16 };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("eval", "Evaluate an adapter or full model on labelled images (Table-1-style row, confusion matrix, per-class metrics).")
        {
            adapter, model, subset, batch, json, threads.Option,
        };
        foreach (var option in backbone.All.Concat(data.All))
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            threads.Apply(parse);
            using var target = EvaluationTarget.Load(parse.GetValue(adapter), parse.GetValue(model), () => backbone.Load(parse));
            var policy = parse.GetValue(data.BadFiles);
            var source = data.Create(parse, target.Labels);
            var dataset = parse.GetValue(subset) switch
            {
                "all" => source.LoadAll(policy),
                "train" => source.Load(policy).Train,
                "val" => source.Load(policy).Validation,
                _ => source.Load(policy).Test,
            };
            dataset = TaskEvaluator.AlignLabels(dataset, target.Labels, target.MultiLabel);
            var reader = new DatasetImageReader(policy);
            var evaluation = TaskEvaluator.Evaluate(target.Model, dataset, target.Preprocessing, reader, parse.GetValue(batch),
                thresholds: target.MultiLabel ? target.Thresholds.Select(t => (double)t).ToArray() : null);
            var report = evaluation.ToReport(target.TaskId, target.Method, target.Model.TotalParameterCount, target.TrainableParameters,
                [.. dataset.Skipped.UnionBy(reader.Skipped, f => f.Path)]);
            parse.InvocationConfiguration.Output.Write(parse.GetValue(json) ? JsonSerializer.Serialize(report, TrainingJson.Options) + Environment.NewLine : report.ToText());
        });
        return command;
    }
}
