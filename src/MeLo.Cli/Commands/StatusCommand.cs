using System.CommandLine;
using Google.Protobuf;
using Grpc.Core;
using MeLo.Gateway.Security;
using MeLo.Grid.Protos.V1;
using Spectre.Console;

namespace MeLo.Cli.Commands;

/// <summary>
/// <c>melo status</c>: the grid from melo.v1.AdminService.GetGridStatus, as tables (or proto3 JSON with --json); --watch
/// redraws it in place every --interval seconds until Ctrl+C.
/// </summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var watch = new Option<bool>("--watch") { Description = "Refresh as a live terminal view until Ctrl+C." };
        var interval = new Option<double>("--interval") { Description = "Seconds between refreshes with --watch (default 2).", DefaultValueFactory = _ => 2 };
        var json = new Option<bool>("--json") { Description = "Print the status as one line of proto3 JSON." };
        var connection = new GatewayConnectionOptions();
        var command = new Command("status", "Show the grid: silos, backbones, devices, resident adapters, queues, per-task rates and latencies.")
        {
            watch, interval, json,
        };
        foreach (var option in connection.All)
            command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var seconds = parse.GetValue(interval);
            if (!(seconds > 0))
                throw new ArgumentException($"--interval must be a positive number of seconds (was {seconds}).");
            if (parse.GetValue(watch) && parse.GetValue(json))
                throw new ArgumentException("--watch and --json cannot be combined.");
            // The status RPC is for operators: the admin role.
            using var channel = connection.CreateChannel(parse, MeLoRoles.Admin);
            var client = new AdminService.AdminServiceClient(channel);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonFormatter.Default.Format(await client.GetGridStatusAsync(new GetGridStatusRequest(), cancellationToken: cancellationToken)));
                return 0;
            }
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
            var status = await client.GetGridStatusAsync(new GetGridStatusRequest(), cancellationToken: cancellationToken);
            if (!parse.GetValue(watch))
            {
                // Piped into a file or another tool: rows stay whole instead of wrapping at 80 columns.
                if (Console.IsOutputRedirected || output != Console.Out)
                    console.Profile.Width = 240;
                console.Write(GridStatusView.Render(status));
                return 0;
            }
            await console.Live(GridStatusView.Render(status)).StartAsync(async live =>
            {
                try
                {
                    while (true)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
                        live.UpdateTarget(GridStatusView.Render(await client.GetGridStatusAsync(new GetGridStatusRequest(), cancellationToken: cancellationToken)));
                    }
                }
                // Ctrl+C ends the view, whether it comes during the wait or during a refresh (gRPC reports that as CANCELLED).
                catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
                {
                }
            });
            return 0;
        });
        return command;
    }
}
