using System.CommandLine;
using Microsoft.Extensions.Hosting;

namespace MeLo.Hosting;

/// <summary>
/// <c>melo gateway</c> and <c>melo-gateway</c>: the gRPC front door of a multi-process grid, joining it as an Orleans
/// client. One command line and one host for both, so the gateway-only executable (no torch) behaves exactly as the CLI's.
/// </summary>
public static class GatewayCommand
{
    const string Description = "Run a gRPC gateway that joins the grid as a client (Redis clustering with --redis).";

    /// <summary>The <c>gateway</c> command of <c>melo</c>.</summary>
    public static Command Create() => Configure(new Command("gateway", Description));

    /// <summary>The whole command line of <c>melo-gateway</c>.</summary>
    public static RootCommand CreateRoot() => Configure(new RootCommand($"MeLo.Grid gateway without torch. {Description}"));

    static T Configure<T>(T command) where T : Command
    {
        var options = new GatewayCommandOptions();
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
