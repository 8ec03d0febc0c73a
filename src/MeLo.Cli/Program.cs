using MeLo.Cli;

// Commands are registered in MeLoCommandLine.cs.
return await CliRunner.InvokeAsync(MeLoCommandLine.Create(), args);
