using System.CommandLine;
using MeLo.Cli.Commands;
using MeLo.Hosting;

namespace MeLo.Cli;

/// <summary>The whole <c>melo</c> command tree. Register new commands here (tests invoke it through <see cref="CliRunner"/>).</summary>
public static class MeLoCommandLine
{
    public static RootCommand Create() => new("MeLo.Grid: many medical-image diagnosis tasks served from one frozen ViT with LoRA adapters.")
    {
        InspectCommand.Create(),
        ForwardCommand.Create(),
        AdapterCommand.Create(),
        BenchCommand.Create(),
        ServeCommand.Create(),
        SiloCommand.Create(),
        GatewayCommand.Create(),
        DiagnoseCommand.Create(),
        TokenCommand.Create(),
        StatusCommand.Create(),
        TrainCommand.Create(),
        EvalCommand.Create(),
        SynthCommand.Create(),
        DicomCommand.Create(),
        PretrainCommand.Create(),
    };
}
