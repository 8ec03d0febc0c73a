using MeLo.Cli;
using MeLo.Hosting;

// Commands are registered in MeLoCommandLine.cs.
return await CliRunner.InvokeAsync(MeLoCommandLine.Create(), args);
