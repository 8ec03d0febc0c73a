using System.CommandLine;
using MeLo.Hosting;
using Microsoft.Extensions.Hosting;

namespace MeLo.Cli.Commands;

/// <summary><c>melo silo</c>: one silo of a multi-process grid (Redis clustering with --redis); gateways connect to it.</summary>
public static class SiloCommand
{
    public static Command Create()
    {
        var options = new ServingCommandOptions();
        var command = new Command("silo", "Run one silo of the grid: a backbone on this machine's device serving adapter grains.");
        foreach (var option in options.Backbone.Concat(options.Cluster).Concat([options.Advertise, options.NoBackbone, options.MetricsPort]))
            command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var builder = ServingHost.CreateBuilder(options.ToConfiguration(parse));
            builder.AddMeLoSilo();
            using var host = builder.Build();
            await host.StartAsync(cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync("MeLo.Grid silo running. Press Ctrl+C to stop.");
            await host.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
