using System.CommandLine;
using MeLo.Cli.Commands;
using MeLo.Hosting;
using MeLo.Model.Checkpoints;
using Microsoft.Extensions.Configuration;

namespace MeLo.Cli.Tests;

/// <summary><c>melo serve|silo --naming</c> takes the same names as <c>melo forward</c> and <c>melo train</c>.</summary>
public sealed class ServingNamingTests
{
    [Theory]
    [InlineData("hf", CheckpointNaming.HuggingFace)]
    [InlineData("huggingface", CheckpointNaming.HuggingFace)]
    [InlineData("tv", CheckpointNaming.Torchvision)]
    [InlineData("timm", CheckpointNaming.Timm)]
    public void Serve_binds_every_naming_that_forward_accepts(string given, CheckpointNaming expected)
    {
        var (options, parse) = Parse("--naming", given);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(options.ToConfiguration(parse)).Build();
        var silo = configuration.GetSection(MeLoSiloOptions.SectionName).Get<MeLoSiloOptions>()!;
        Assert.Equal(expected, silo.Naming);
        Assert.Equal(expected, CheckpointOptions.ParseNaming(given));
    }

    [Fact]
    public void An_unknown_naming_is_refused_with_the_names_to_use()
    {
        var (options, parse) = Parse("--naming", "keras");
        var error = Assert.Throws<ArgumentException>(() => options.ToConfiguration(parse));
        Assert.Equal("Unknown naming 'keras'; use timm, torchvision or hf.", error.Message);
    }

    static (ServingCommandOptions Options, ParseResult Parse) Parse(params string[] args)
    {
        var options = new ServingCommandOptions();
        var command = new Command("serve");
        foreach (var option in options.Backbone)
            command.Options.Add(option);
        return (options, command.Parse(args));
    }
}
