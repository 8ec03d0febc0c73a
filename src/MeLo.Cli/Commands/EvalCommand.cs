using System.CommandLine;
using System.Text.Json;
using MeLo.Data;
using MeLo.Imaging;
using MeLo.Model;
using MeLo.Model.Adapters;
using MeLo.Training;

namespace MeLo.Cli.Commands;

/// <summary><c>melo eval</c>: score an adapter or a fully fine-tuned model on labelled images: ACC, SEN, PRE, F1S, AUC and the confusion matrix.</summary>
public static class EvalCommand
{
    const string TrainedBy = "melo train: ";

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
            if ((parse.GetValue(adapter) is null) == (parse.GetValue(model) is null))
                throw new ArgumentException("Give either --adapter <file> or --model <file>.");

            LoadedAdapter? loadedAdapter = null;
            LoadedFullModel? loadedModel = null;
            Model.Vit.VisionTransformer? backboneModel = null;
            try
            {
                TaskModel taskModel;
                string taskId, method;
                IReadOnlyList<string> labels;
                bool multiLabel;
                IReadOnlyList<float> thresholds;
                AdapterPreprocessing preprocessing;
                long trainable;
                if (parse.GetValue(adapter) is { } adapterPath)
                {
                    loadedAdapter = AdapterFile.Load(adapterPath);
                    backboneModel = backbone.Load(parse);
                    taskModel = TaskModel.ForAdapter(backboneModel, loadedAdapter.Adapter);
                    var manifest = loadedAdapter.Manifest;
                    (taskId, labels, multiLabel, thresholds) = (manifest.TaskId, manifest.Labels, manifest.MultiLabel, manifest.Thresholds);
                    preprocessing = manifest.Preprocessing!;
                    method = manifest.Source.StartsWith(TrainedBy, StringComparison.Ordinal) ? manifest.Source[TrainedBy.Length..] : $"adapter (LoRA r={manifest.Rank})";
                    var lora = loadedAdapter.Adapter;
                    trainable = manifest.Metrics.TryGetValue("trainable_parameters", out var count)
                        ? (long)count
                        : ParameterAccounting.Trainable(lora.Backbone, lora.Settings, lora.NumClasses);
                }
                else
                {
                    loadedModel = FullModelFile.Load(parse.GetValue(model)!);
                    taskModel = TaskModel.ForFullModel(loadedModel.Model);
                    var manifest = loadedModel.Manifest;
                    (taskId, labels, multiLabel, thresholds) = (manifest.TaskId, manifest.Labels, manifest.MultiLabel, manifest.Thresholds);
                    preprocessing = manifest.Preprocessing;
                    method = "Full fine-tuning";
                    trainable = manifest.TrainableParameters;
                }

                var policy = parse.GetValue(data.BadFiles);
                var source = data.Create(parse, labels);
                var dataset = parse.GetValue(subset) switch
                {
                    "all" => source.LoadAll(policy),
                    "train" => source.Load(policy).Train,
                    "val" => source.Load(policy).Validation,
                    _ => source.Load(policy).Test,
                };
                dataset = TaskEvaluator.AlignLabels(dataset, labels, multiLabel);
                var reader = new DatasetImageReader(policy);
                var evaluation = TaskEvaluator.Evaluate(taskModel, dataset,
                    new ImagePreprocessing(preprocessing.ImageSize, Rgb(preprocessing.Mean), Rgb(preprocessing.Std)), reader,
                    parse.GetValue(batch), thresholds: multiLabel ? thresholds.Select(t => (double)t).ToArray() : null);
                var report = evaluation.ToReport(taskId, method, taskModel.TotalParameterCount, trainable,
                    [.. dataset.Skipped.UnionBy(reader.Skipped, f => f.Path)]);
                parse.InvocationConfiguration.Output.Write(parse.GetValue(json) ? JsonSerializer.Serialize(report, TrainingJson.Options) + Environment.NewLine : report.ToText());
            }
            finally
            {
                backboneModel?.Dispose();
                loadedAdapter?.Dispose();
                loadedModel?.Dispose();
            }
        });
        return command;
    }

    static RgbValues Rgb(float[] values) => new(values[0], values[1], values[2]);
}
