using System.CommandLine;
using MeLo.Gateway.Security;
using MeLo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MeLo.Cli.Commands;

/// <summary><c>melo serve</c>: silo and gateway in one process with localhost clustering; nothing else to start.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var options = new ServingCommandOptions();
        var command = new Command("serve", "Serve the grid from this process (silo + gateway, localhost clustering). " +
                                           "Without --weights: the untrained demo backbone with demo adapters trained on synthetic data at first start.");
        foreach (var option in options.Endpoint.Concat(options.Backbone).Concat([options.SiloPort, options.GatewayPort, options.MetricsPort]))
            command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var builder = ServingHost.CreateWebBuilder(options.ToConfiguration(parse));
            builder.AddMeLoSilo();
            builder.AddMeLoDemoContent();
            builder.AddMeLoGateway();
            await using var app = builder.Build();
            app.MapMeLoGateway();
            await app.StartAsync(cancellationToken);
            var silo = app.Services.GetRequiredService<IOptions<MeLoSiloOptions>>().Value;
            var address = app.Urls.First();
            var output = parse.InvocationConfiguration.Output;
            await output.WriteLineAsync($"MeLo.Grid serving at {address} (silo + gateway in one process, localhost clustering)");
            var auth = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
            await output.WriteLineAsync(auth.Enabled
                ? $"Tokens (authorization: Bearer <token>): {ApiTokenStore.DefaultTokenPath(auth.KeysDirectory, MeLoRoles.Diagnose)} and {ApiTokenStore.DefaultTokenPath(auth.KeysDirectory, MeLoRoles.Admin)}"
                : "WARNING: authentication is off (--insecure-no-auth): anyone who reaches the port may diagnose and change adapters.");
            if (silo.Weights is null)
            {
                await output.WriteLineAsync($"Backbone: {Model.Vit.PretrainedDemoBackbone.Label}; demo adapters {string.Join(", ", DemoContent.TaskNames)} (trained on SYNTHETIC images); samples in {DemoContent.SamplesDirectory(silo)}");
                await output.WriteLineAsync($"Try: melo diagnose --address {address} --task bloodcell-like {Path.Combine(DemoContent.SamplesDirectory(silo), "bloodcell-like")}");
            }
            else
                await output.WriteLineAsync($"Try: melo diagnose --address {address} --task <task> <image, folder or CSV>");
            await output.WriteLineAsync("Press Ctrl+C to stop.");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
