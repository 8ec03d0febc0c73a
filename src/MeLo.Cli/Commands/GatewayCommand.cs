using System.CommandLine;
using MeLo.Hosting;
using Microsoft.Extensions.Hosting;

namespace MeLo.Cli.Commands;

/// <summary><c>melo gateway</c>: the gRPC front door of a multi-process grid, joining it as an Orleans client.</summary>
public static class GatewayCommand
{
    public static Command Create()
    {
        var options = new ServingCommandOptions();
        var command = new Command("gateway", "Run a gRPC gateway that joins the grid as a client (Redis clustering with --redis).");
        foreach (var option in options.Endpoint.Concat(options.Cluster).Concat([options.MetricsPort]))
            command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var builder = ServingHost.CreateWebBuilder(options.ToConfiguration(parse));
            builder.AddMeLoGateway();
            await using var app = builder.Build();
            app.MapMeLoGateway();
            await app.StartAsync(cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"MeLo.Grid gateway at {app.Urls.First()}. Press Ctrl+C to stop.");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
