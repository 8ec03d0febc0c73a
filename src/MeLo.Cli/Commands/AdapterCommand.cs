using System.CommandLine;
using MeLo.Gateway.Security;
using MeLo.Model.Adapters;

namespace MeLo.Cli.Commands;

/// <summary>
/// <c>melo adapter show|import|history</c>: read an adapter's manifest; import the MeLo authors' adapter files; a task's
/// change history. The commands that call a gateway are in <see cref="AdapterRemoteCommands"/>.
/// </summary>
public static class AdapterCommand
{
    public static Command Create()
    {
        var command = new Command("adapter", "Inspect and import adapter files; show a task's change history; manage a gateway's adapters.") { Show(), Import(), History() };
        foreach (var remote in AdapterRemoteCommands.Create())
            command.Subcommands.Add(remote);
        return command;
    }

    static Command History()
    {
        var task = new Argument<string>("task") { Description = "Task id." };
        var data = new Option<string?>("--data") { Description = "Data directory of the server (default .melo); reads <data>/audit.log." };
        var log = new Option<string?>("--audit-log") { Description = "Audit log, when the server sets MeLo:Auth:AuditLog." };
        var command = new Command("history", "Print a task's adapter changes (upload, delete, activate) from the audit log, oldest first, one JSON line each.") { task, data, log };
        command.SetAction(async parse =>
        {
            var path = parse.GetValue(log) ?? Path.Combine(parse.GetValue(data) ?? new Hosting.MeLoSiloOptions().DataDirectory, "audit.log");
            foreach (var entry in AdapterAuditLog.Read(path, parse.GetValue(task)!))
                await parse.InvocationConfiguration.Output.WriteLineAsync(AdapterAuditLog.ToJsonLine(entry));
            return 0;
        });
        return command;
    }

    static Command Show()
    {
        var file = new Argument<string>("file") { Description = "Adapter file." };
        var command = new Command("show", "Print an adapter's manifest as JSON.") { file };
        command.SetAction(parse =>
        {
            using var loaded = AdapterFile.Load(parse.GetValue(file)!);
            parse.InvocationConfiguration.Output.WriteLine(loaded.Manifest.ToJson());
        });
        return command;
    }

    static Command Import()
    {
        var checkpoint = new CheckpointOptions();
        var reference = new Option<string>("--reference") { Description = "Adapter saved by the MeLo reference code (LoRA-ViT, safetensors).", Required = true };
        var alpha = new Option<int>("--reference-alpha") { Description = "The alpha it was trained with (its scale is alpha // r).", DefaultValueFactory = _ => 4 };
        var task = new Option<string>("--task-id") { Description = "Task id for the imported adapter.", Required = true };
        var labels = new Option<string>("--labels") { Description = "Comma-separated class names, in head order.", Required = true };
        var output = new Option<string>("--output") { Description = "Adapter file to write.", Required = true };
        var fp16 = new Option<bool>("--fp16") { Description = "Store in fp16." };
        var command = new Command("import", "Convert a MeLo reference-code adapter into a MeLo.Grid adapter file for a given backbone.")
        {
            reference, alpha, task, labels, output, fp16,
        };
        foreach (var option in checkpoint.All)
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            using var backbone = checkpoint.Load(parse);
            using var adapter = MeLoReferenceImporter.Import(parse.GetValue(reference)!, backbone, parse.GetValue(alpha));
            var manifest = new AdapterManifest
            {
                TaskId = parse.GetValue(task)!,
                Labels = parse.GetValue(labels)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                Source = $"imported from MeLo reference code: {Path.GetFileName(parse.GetValue(reference))}",
            };
            AdapterFile.Save(parse.GetValue(output)!, adapter, manifest, parse.GetValue(fp16) ? AdapterDType.F16 : AdapterDType.F32);
            parse.InvocationConfiguration.Output.WriteLine($"wrote {parse.GetValue(output)}");
        });
        return command;
    }
}
