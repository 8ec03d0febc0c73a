using MeLo.Hosting;

// `melo-gateway`: what `melo gateway` runs (same flags, same MeLo:* configuration from appsettings.json, environment and
// command line, bound and validated through the options in MeLo.Hosting), in a process that carries no torch.
return await CliRunner.InvokeAsync(GatewayCommand.CreateRoot(), args);
