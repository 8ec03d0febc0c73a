using System.CommandLine;
using MeLo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace MeLo.Cli.Commands;

/// <summary><c>melo silo</c>: one silo of a multi-process grid (Redis clustering with --redis); gateways connect to it.</summary>
public static class SiloCommand
{
    public static Command Create()
    {
        var options = new ServingCommandOptions();
        var command = new Command("silo", "Run one silo of the grid: a backbone on this machine's device serving adapter grains.");
        foreach (var option in options.Backbone.Concat(options.Cluster).Concat([options.Advertise, options.NoBackbone, options.HealthPort, options.MetricsPort]))
            command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            // A web host only when probes are served: without endpoints Kestrel would bind its default port.
            var settings = options.ToConfiguration(parse);
            var web = ServingHost.CreateWebBuilder(settings);
            int healthPort = web.Configuration.GetValue<int>($"{MeLoSiloOptions.SectionName}:{nameof(MeLoSiloOptions.HealthPort)}");
            IHost host;
            if (healthPort > 0)
            {
                web.AddMeLoSilo();
                web.AddMeLoDemoContent();
                web.AddMeLoSiloHealthEndpoint(healthPort);
                var app = web.Build();
                app.MapMeLoSiloHealth();
                host = app;
            }
            else
            {
                var plain = ServingHost.CreateBuilder(settings);
                plain.AddMeLoSilo();
                plain.AddMeLoDemoContent();
                host = plain.Build();
            }
            using var disposing = host;
            await host.StartAsync(cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync("MeLo.Grid silo running. Press Ctrl+C to stop.");
            await host.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
