using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MeLo.Gateway.Security;

/// <summary>Authenticates <c>authorization: Bearer melo_…</c> against the <see cref="ApiTokenStore"/>.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenStore tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "melo-token";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken.From(Request) is not { } token)
            return Task.FromResult(AuthenticateResult.NoResult());
        if (tokens.Find(token) is not { } found)
            return Task.FromResult(AuthenticateResult.Fail("Unknown token."));
        var role = found.Role;
        var claims = new List<Claim> { new(ClaimTypes.Name, found.Principal), new(ClaimTypes.Role, role) };
        if (role == MeLoRoles.Admin)
            claims.Add(new Claim(ClaimTypes.Role, MeLoRoles.Diagnose));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
