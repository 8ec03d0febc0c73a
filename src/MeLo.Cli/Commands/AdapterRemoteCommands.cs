using System.CommandLine;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Grpc.Core;
using MeLo.Gateway.Security;
using MeLo.Grid.Protos.V1;

namespace MeLo.Cli.Commands;

/// <summary>
/// <c>melo adapter upload|list|get|activate|delete</c>: manage a gateway's adapters through melo.v1.AdapterService. Reads
/// (list, get) need the diagnose role, changes the admin role. Answers are proto3 JSON with every field (an inactive
/// version says <c>"active": false</c>); list prints one line per adapter. A failed call prints
/// <c>error: CODE: detail</c> (e.g. <c>PERMISSION_DENIED</c>) and exits 1.
/// </summary>
public static partial class AdapterRemoteCommands
{
    static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static IEnumerable<Command> Create() => [Upload(), List(), Get(), Activate(), Delete()];

    static Command Upload()
    {
        var file = new Argument<string>("file") { Description = "Adapter file (melo.adapter safetensors)." };
        var task = new Option<string>("--task") { Description = "Task the adapter serves.", Required = true };
        var noActivate = new Option<bool>("--no-activate") { Description = "Keep the task's active version (a task's first version is always activated)." };
        return Remote("upload", "Upload an adapter file as the task's next version; prints the stored version as JSON.", MeLoRoles.Admin,
            [file, task, noActivate], async (client, parse, output, cancellationToken) =>
            {
                var path = parse.GetValue(file)!;
                if (!File.Exists(path))
                    throw new ArgumentException($"'{path}' does not exist.");
                var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
                var info = await client.UploadAsync(parse.GetValue(task)!, bytes, activate: !parse.GetValue(noActivate), cancellationToken: cancellationToken);
                await output.WriteLineAsync(Json.Format(info));
            });
    }

    static Command List()
    {
        var task = new Option<string?>("--task") { Description = "Only this task's versions." };
        var active = new Option<bool>("--active") { Description = "Only each task's active version." };
        return Remote("list", "List the adapters a gateway serves, one JSON line per version.", MeLoRoles.Diagnose,
            [task, active], async (client, parse, output, cancellationToken) =>
            {
                var listed = await client.ListAsync(new ListAdaptersRequest { ActiveOnly = parse.GetValue(active) }, cancellationToken: cancellationToken);
                var only = parse.GetValue(task);
                foreach (var adapter in listed.Adapters.Where(a => only is null || string.Equals(a.Task, only, StringComparison.Ordinal)))
                    await output.WriteLineAsync(Json.Format(adapter));
            });
    }

    static Command Get()
    {
        var task = new Argument<string>("task") { Description = "Task id." };
        var version = new Option<string?>("--version") { Description = "Version (e.g. v2); the task's active one by default." };
        return Remote("get", "Print one adapter version's metadata and metrics as JSON.", MeLoRoles.Diagnose,
            [task, version], async (client, parse, output, cancellationToken) =>
            {
                var request = new GetAdapterRequest { Task = parse.GetValue(task)! };
                if (parse.GetValue(version) is { } chosen)
                    request.Version = chosen;
                await output.WriteLineAsync(Json.Format(await client.GetAsync(request, cancellationToken: cancellationToken)));
            });
    }

    static Command Activate()
    {
        var task = new Argument<string>("task") { Description = "Task id." };
        var version = new Argument<string>("version") { Description = "Version to serve (e.g. v2)." };
        return Remote("activate", "Make a version the task's active one, cluster-wide; prints it as JSON.", MeLoRoles.Admin,
            [task, version], async (client, parse, output, cancellationToken) =>
            {
                var request = new SetActiveVersionRequest { Task = parse.GetValue(task)!, Version = parse.GetValue(version)! };
                await output.WriteLineAsync(Json.Format(await client.SetActiveVersionAsync(request, cancellationToken: cancellationToken)));
            });
    }

    static Command Delete()
    {
        var task = new Argument<string>("task") { Description = "Task id." };
        var version = new Option<string?>("--version") { Description = "Delete only this version; the whole task by default." };
        return Remote("delete", "Delete one version, or the whole task; prints {\"deleted\": true}.", MeLoRoles.Admin,
            [task, version], async (client, parse, output, cancellationToken) =>
            {
                var request = new DeleteAdapterRequest { Task = parse.GetValue(task)! };
                if (parse.GetValue(version) is { } chosen)
                    request.Version = chosen;
                await output.WriteLineAsync(Json.Format(await client.DeleteAsync(request, cancellationToken: cancellationToken)));
            });
    }

    /// <param name="role">The role the RPC needs; it picks the default token file.</param>
    static Command Remote(string name, string description, string role, IEnumerable<Symbol> symbols,
        Func<AdapterService.AdapterServiceClient, ParseResult, TextWriter, CancellationToken, Task> call)
    {
        var connection = new GatewayConnectionOptions();
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            if (symbol is Argument argument)
                command.Arguments.Add(argument);
            else
                command.Options.Add((Option)symbol);
        }
        foreach (var option in connection.All)
            command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = connection.CreateChannel(parse, role);
            try
            {
                await call(new AdapterService.AdapterServiceClient(channel), parse, parse.InvocationConfiguration.Output, cancellationToken);
                return 0;
            }
            catch (RpcException e)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {CodeName(e.StatusCode)}: {e.Status.Detail}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>The status code as gRPC documents it (PermissionDenied becomes PERMISSION_DENIED).</summary>
    static string CodeName(StatusCode code) => WordBoundary().Replace(code.ToString(), "_").ToUpperInvariant();

    [GeneratedRegex("(?<=[a-z])(?=[A-Z])", RegexOptions.CultureInvariant)]
    private static partial Regex WordBoundary();
}
