using System.CommandLine;
using MeLo.Gateway.Security;
using MeLo.Hosting;

namespace MeLo.Cli.Commands;

/// <summary><c>melo token create --role diagnose|admin</c>: issues an API token; only its hash is stored.</summary>
public static class TokenCommand
{
    public static Command Create()
    {
        var role = new Option<string>("--role") { Description = "diagnose (diagnosis, reading adapters) or admin (also adapter changes).", Required = true };
        role.AcceptOnlyFromAmong([.. MeLoRoles.All]);
        var data = new Option<string?>("--data") { Description = "Data directory of the server (default .melo); the token goes to <data>/keys/tokens.json." };
        var keys = new Option<string?>("--keys") { Description = "Keys directory, when the server sets MeLo:Auth:KeysDirectory." };
        var create = new Command("create", "Issue a new API token and print it once (the server stores only its SHA-256).") { role, data, keys };
        create.SetAction(async parse =>
        {
            var directory = parse.GetValue(keys) ?? Path.Combine(parse.GetValue(data) ?? new MeLoSiloOptions().DataDirectory, "keys");
            var token = new ApiTokenStore(directory).Create(parse.GetValue(role)!);
            await parse.InvocationConfiguration.Output.WriteLineAsync(token);
            return 0;
        });
        return new Command("token", "API tokens for the gateway.") { create };
    }
}
