using System.CommandLine;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;
using MeLo.Gateway.Security;
using MeLo.Grid.Protos.V1;

namespace MeLo.Cli.Commands;

/// <summary>
/// <c>melo diagnose</c>: streams images (files, folders, a CSV) to a gateway and writes one JSON line per answer (proto3 JSON of
/// melo.v1.DiagnosisAnswer), in completion order. Files are read as the stream is sent, so large folders need little memory.
/// </summary>
public static class DiagnoseCommand
{
    static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithTypeRegistry(TypeRegistry.FromMessages(BadRequest.Descriptor)));

    public static Command Create()
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Image files, folders or CSV files (column path; optional task, id).", Arity = ArgumentArity.OneOrMore };
        var task = new Option<string?>("--task") { Description = "Task of every image (a CSV's task column overrides it)." };
        var version = new Option<string?>("--adapter-version") { Description = "Adapter version; the task's active one by default." };
        var output = new Option<string?>("--output") { Description = "Write the JSON lines to this file instead of standard output." };
        var deadline = new Option<double?>("--deadline") { Description = "Seconds the whole stream may take." };
        var connection = new GatewayConnectionOptions();
        var command = new Command("diagnose", "Diagnose images through a gateway; prints one JSON line per image.") { inputs, task, version, output, deadline };
        foreach (var option in connection.All)
            command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = connection.CreateChannel(parse, MeLoRoles.Diagnose);
            var client = new DiagnosisService.DiagnosisServiceClient(channel);
            var seconds = parse.GetValue(deadline);
            using var call = client.DiagnoseStream(deadline: seconds is { } s ? DateTime.UtcNow.AddSeconds(s) : null, cancellationToken: cancellationToken);
            var items = DiagnosisInput.Enumerate(parse.GetValue(inputs)!).Select(input =>
            {
                var item = new DiagnosisItem
                {
                    Id = input.Id,
                    Task = input.Task ?? parse.GetValue(task) ?? throw new ArgumentException($"No task for '{input.Id}': give --task or a CSV task column."),
                    Image = ByteString.CopyFrom(File.ReadAllBytes(input.Path)),
                };
                if (parse.GetValue(version) is { } chosen)
                    item.AdapterVersion = chosen;
                return item;
            });
            var sending = SendAsync(call.RequestStream, items, cancellationToken);

            var path = parse.GetValue(output);
            await using var writer = path is null ? null : new StreamWriter(path);
            var lines = writer ?? parse.InvocationConfiguration.Output;
            int answered = 0, failed = 0;
            await foreach (var answer in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                await lines.WriteLineAsync(Json.Format(answer));
                answered++;
                if (answer.Error is not null)
                    failed++;
            }
            await sending;
            await parse.InvocationConfiguration.Error.WriteLineAsync($"{answered} answers, {failed} failed.");
            return failed == 0 ? 0 : 1;
        });
        return command;
    }

    static async Task SendAsync(IClientStreamWriter<DiagnosisItem> requests, IEnumerable<DiagnosisItem> items, CancellationToken cancellationToken)
    {
        // Awaiting each write is the client half of backpressure: it waits while the gateway is not reading.
        foreach (var item in items)
            await requests.WriteAsync(item, cancellationToken);
        await requests.CompleteAsync();
    }
}
