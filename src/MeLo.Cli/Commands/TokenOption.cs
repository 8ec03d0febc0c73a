using System.CommandLine;
using MeLo.Gateway.Security;
using MeLo.Hosting;

namespace MeLo.Cli.Commands;

/// <summary>
/// <c>--token</c> of the commands that call a gateway. The token comes from the option, then the <c>MELO_TOKEN</c>
/// environment variable, then the token a local <c>melo serve</c> wrote at first start under the default data directory,
/// so the README's <c>melo serve</c> then <c>melo diagnose</c> just works.
/// </summary>
public static class TokenOption
{
    public const string EnvironmentVariable = "MELO_TOKEN";

    public static Option<string?> Create() => new("--token")
    {
        Description = $"Bearer token for the gateway (default: ${EnvironmentVariable}, then <data>/keys/<role>.token of a local melo serve).",
    };

    /// <param name="role">The role the command needs; its first-start token file is the last resort.</param>
    /// <param name="clientCertificate">Whether the command presents a client certificate: then that is its identity, and a
    /// local server's token file is not sent (a bearer token wins over the certificate at the gateway).</param>
    public static string? Resolve(ParseResult parse, Option<string?> option, string role, bool clientCertificate = false)
    {
        if (parse.GetValue(option) is { Length: > 0 } given)
            return given;
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } environment)
            return environment;
        if (clientCertificate)
            return null;
        var file = ApiTokenStore.DefaultTokenPath(Path.Combine(new MeLoSiloOptions().DataDirectory, "keys"), role);
        return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
    }
}
