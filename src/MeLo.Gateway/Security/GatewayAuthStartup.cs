using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MeLo.Gateway.Security;

/// <summary>At start: writes the first-start tokens when authentication is on, or warns loudly when it is off.</summary>
public sealed partial class GatewayAuthStartup(IOptions<AuthOptions> options, IServiceProvider services, ILogger<GatewayAuthStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            LogNoAuth();
            return Task.CompletedTask;
        }
        var store = (ApiTokenStore)services.GetService(typeof(ApiTokenStore))!;
        if (store.EnsureDefaultTokens().Count > 0)
            LogTokensWritten(store.KeysDirectory);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authentication is OFF (MeLo:Auth:Enabled=false): anyone who reaches the port can diagnose and change adapters. Development only.")]
    partial void LogNoAuth();

    [LoggerMessage(Level = LogLevel.Information, Message = "First start: wrote diagnose.token and admin.token to {KeysDirectory}.")]
    partial void LogTokensWritten(string keysDirectory);
}
