using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace MeLo.Gateway.Security;

public static class GatewayAuthServiceCollectionExtensions
{
    /// <summary>The scheme every request is authenticated with: melo API tokens, JWTs when configured, or the client
    /// certificate of an mTLS connection that carries no bearer token.</summary>
    public const string Scheme = "melo";

    /// <summary>mTLS client certificates; the host adds the CA it trusts (<see cref="CertificateAuthenticationOptions.CustomTrustStore"/>).</summary>
    public const string CertificateScheme = CertificateAuthenticationDefaults.AuthenticationScheme;

    /// <summary>
    /// Authentication (melo API tokens, JWT, mTLS client certificates) and the <see cref="MeLoPolicies"/>. Needs <see cref="AuthOptions"/> configured
    /// by the caller; the host adds UseAuthentication/UseAuthorization.
    /// </summary>
    public static IServiceCollection AddMeLoGatewayAuth(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<AuthOptions, AuthOptionsValidator>();
        services.AddSingleton(sp => new ApiTokenStore(sp.GetRequiredService<IOptions<AuthOptions>>().Value.KeysDirectory));
        services.AddHostedService<GatewayAuthStartup>();
        services.AddSingleton<AdapterAuditLog>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();

        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "melo token, JWT or client certificate", policy => policy.ForwardDefaultSelector = context =>
                BearerToken.From(context.Request) is not { } token
                    ? context.Connection.ClientCertificate is null ? ApiTokenAuthenticationHandler.SchemeName : CertificateScheme
                    : !token.StartsWith(ApiTokenStore.Prefix, StringComparison.Ordinal)
                      && context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Jwt.Enabled
                        ? JwtBearerDefaults.AuthenticationScheme
                        : ApiTokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddJwtBearer()
            .AddCertificate(CertificateScheme);
        services.AddOptions<CertificateAuthenticationOptions>(CertificateScheme).Configure<IOptions<AuthOptions>>((certificate, auth) =>
        {
            // Only the CA the host names is trusted (Kestrel already refused other certificates during the handshake).
            certificate.AllowedCertificateTypes = CertificateTypes.Chained;
            certificate.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
            certificate.RevocationMode = X509RevocationMode.NoCheck;
            certificate.Events = new CertificateAuthenticationEvents
            {
                OnCertificateValidated = context =>
                {
                    context.Principal = ClientCertificatePrincipal.Create(context.ClientCertificate, auth.Value.ClientCertificates, CertificateScheme);
                    context.Success();
                    return Task.CompletedTask;
                },
            };
        });
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<AuthOptions>>((jwt, auth) => ConfigureJwt(jwt, auth.Value.Jwt));

        services.AddAuthorization();
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<AuthOptions>>((authorization, auth) =>
        {
            if (!auth.Value.Enabled)
            {
                authorization.AddPolicy(MeLoPolicies.Diagnose, p => p.RequireAssertion(_ => true));
                authorization.AddPolicy(MeLoPolicies.Admin, p => p.RequireAssertion(_ => true));
                return;
            }
            var diagnose = new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().RequireRole(MeLoRoles.Diagnose, MeLoRoles.Admin).Build();
            authorization.AddPolicy(MeLoPolicies.Diagnose, diagnose);
            authorization.AddPolicy(MeLoPolicies.Admin, new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().RequireRole(MeLoRoles.Admin).Build());
            // Deny by default: an endpoint without authorization metadata (a new service, reflection) needs the diagnose role.
            authorization.FallbackPolicy = diagnose;
        });
        return services;
    }

    static void ConfigureJwt(JwtBearerOptions jwt, JwtAuthOptions options)
    {
        if (!options.Enabled)
            return;
        jwt.MapInboundClaims = false;
        var keys = new List<SecurityKey>(options.SigningKeys.Select(k => new SymmetricSecurityKey(Convert.FromBase64String(k))));
        if (options.JwksFile is { } jwks)
            keys.AddRange(new JsonWebKeySet(File.ReadAllText(jwks)).GetSigningKeys());
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            IssuerSigningKeys = keys,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = options.ClockSkew,
            RoleClaimType = ClaimTypes.Role,
            NameClaimType = "sub",
        };
        jwt.Events = new JwtBearerEvents
        {
            // The provider's roles or groups become MeLo roles; admin implies diagnose.
            OnTokenValidated = context =>
            {
                if (context.Principal?.Identity is not ClaimsIdentity identity)
                    return Task.CompletedTask;
                var granted = identity.FindAll(options.RoleClaim).Select(c => c.Value)
                    .Select(v => options.RoleMapping.Count == 0 ? v : options.RoleMapping.GetValueOrDefault(v))
                    .Where(r => r is not null && MeLoRoles.All.Contains(r)).ToHashSet();
                if (granted.Contains(MeLoRoles.Admin))
                    granted.Add(MeLoRoles.Diagnose);
                foreach (var role in granted)
                    identity.AddClaim(new Claim(ClaimTypes.Role, role!));
                return Task.CompletedTask;
            },
        };
    }
}
