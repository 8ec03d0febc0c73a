using System.CommandLine;
using MeLo.Cli;
using MeLo.Cli.Commands;

namespace MeLo.Grid.IntegrationTests;

/// <summary>The TLS flags of the serving and client commands, and the configuration keys they set (a documented contract).</summary>
public sealed class TlsCommandLineTests
{
    [Theory]
    [InlineData("serve", "--tls-cert --tls-key --tls-client-ca")]
    [InlineData("gateway", "--tls-cert --tls-key --tls-client-ca --cluster-tls-cert --cluster-tls-key --cluster-tls-ca --redis-ca")]
    [InlineData("silo", "--cluster-tls-cert --cluster-tls-key --cluster-tls-ca --redis-ca")]
    [InlineData("diagnose", "--ca --client-cert --client-key")]
    [InlineData("status", "--ca --client-cert --client-key")]
    public void Each_command_takes_its_tls_flags(string command, string flags)
    {
        var options = MeLoCommandLine.Create().Subcommands.Single(c => c.Name == command).Options.Select(o => o.Name).ToHashSet();

        Assert.All(flags.Split(' '), flag => Assert.Contains(flag, options));
    }

    [Fact]
    public void The_tls_flags_set_the_documented_configuration_keys()
    {
        var options = new ServingCommandOptions();
        var command = new Command("test");
        foreach (var option in options.Endpoint.Concat(options.Cluster))
            command.Options.Add(option);

        var settings = options.ToConfiguration(command.Parse([
            "--tls-cert", "tls.crt", "--tls-key", "tls.key", "--tls-client-ca", "clients.pem",
            "--cluster-tls-cert", "member.crt", "--cluster-tls-key", "member.key", "--cluster-tls-ca", "cluster.pem", "--redis-ca", "redis.pem",
        ]));

        Assert.Equal(new Dictionary<string, string?>
        {
            ["MeLo:Tls:CertificateFile"] = "tls.crt",
            ["MeLo:Tls:KeyFile"] = "tls.key",
            ["MeLo:Tls:ClientCaFile"] = "clients.pem",
            ["MeLo:Cluster:Tls:CertificateFile"] = "member.crt",
            ["MeLo:Cluster:Tls:KeyFile"] = "member.key",
            ["MeLo:Cluster:Tls:CaFile"] = "cluster.pem",
            ["MeLo:Cluster:RedisCaFile"] = "redis.pem",
        }, settings);
    }
}
