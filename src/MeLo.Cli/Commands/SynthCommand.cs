using System.CommandLine;
using MeLo.Data;

namespace MeLo.Cli.Commands;

/// <summary><c>melo synth</c>: write the synthetic stand-ins for the paper's four datasets (generated patterns, not medical images).</summary>
public static class SynthCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder to write the tasks into (one subfolder per task).", Required = true };
        var tasks = new Option<string>("--tasks") { Description = $"all, or some of: {string.Join(", ", SyntheticTaskWriter.TaskNames.Select(t => t.Name))}.", DefaultValueFactory = _ => "all" };
        var imageSize = new Option<int>("--image-size") { Description = "Square image side in pixels.", DefaultValueFactory = _ => 64 };
        var perClass = new Option<int>("--per-class") { Description = "Images per class of the single-label tasks.", DefaultValueFactory = _ => 200 };
        var multiLabelCount = new Option<int>("--multi-label-count") { Description = "Images of the multi-label nih-like task.", DefaultValueFactory = _ => 2000 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 0 };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace task folders that already exist." };
        var command = new Command("synth", "Write SYNTHETIC look-alikes of the MeLo paper's datasets for demos and pipeline tests (not medical data).")
        {
            output, tasks, imageSize, perClass, multiLabelCount, seed, overwrite,
        };
        command.SetAction(parse =>
        {
            var console = parse.InvocationConfiguration.Output;
            var written = SyntheticTaskWriter.Write(parse.GetValue(output)!, new SyntheticTaskOptions
            {
                Tasks = SyntheticTaskWriter.ParseTasks(parse.GetValue(tasks)!),
                ImageSize = parse.GetValue(imageSize),
                ImagesPerClass = parse.GetValue(perClass),
                MultiLabelImageCount = parse.GetValue(multiLabelCount),
                Seed = parse.GetValue(seed),
                Overwrite = parse.GetValue(overwrite),
            });
            console.WriteLine(SyntheticTaskWriter.Notice);
            foreach (var task in written)
            {
                console.WriteLine($"{task.Name}: {task.ImageCount} {(task.IsMultiLabel ? "multi-label" : "single-label")} images, labels {string.Join(", ", task.LabelNames)}");
                console.WriteLine($"  {task.Directory}");
                console.WriteLine($"  train: melo train {TrainArguments(task)} --out <folder>");
            }
        });
        return command;
    }

    /// <summary>The data options of <c>melo train</c> that load this task's manifest.</summary>
    static string TrainArguments(SyntheticTaskInfo task)
    {
        var csv = task.ManifestOptions;
        var arguments = $"--csv {Quote(task.ManifestPath)} --path-column {Quote(csv.PathColumn)} --label-column {Quote(csv.LabelColumn)}";
        if (csv.MultiLabelSeparator is { } separator)
            arguments += $" --multi-label {Quote(separator)} --negative-label {Quote(csv.NegativeLabel!)} --labels {Quote(string.Join(",", csv.LabelNames!))}";
        if (csv.GroupColumn is { } group)
            arguments += $" --group-column {Quote(group)}";
        if (csv.ImageRoot is { } root)
            arguments += $" --image-root {Quote(root)}";
        return arguments;
    }

    static string Quote(string value) => value.Any(c => char.IsWhiteSpace(c) || c is '|' or '\'' or '"') ? $"'{value}'" : value;
}
