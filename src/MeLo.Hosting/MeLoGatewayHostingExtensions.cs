using System.Net;
using MeLo.Gateway;
using MeLo.Gateway.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MeLo.Hosting;

public static class MeLoGatewayHostingExtensions
{
    /// <summary>
    /// Makes this host the grid's gRPC gateway: Kestrel on <see cref="MeLoEndpointOptions"/> speaking HTTP/2 (with TLS and
    /// optional mTLS from <see cref="MeLoTlsOptions"/>, otherwise without),
    /// melo.v1 services behind authentication (<see cref="AuthOptions"/>), grpc.health.v1 (open) and, when enabled,
    /// server reflection. When AddMeLoSilo (MeLo.Hosting.Silo) was
    /// called first, the gateway calls the local silo; otherwise it joins the cluster as an Orleans client.
    /// </summary>
    public static WebApplicationBuilder AddMeLoGateway(this WebApplicationBuilder builder,
        Action<GatewayOptions>? configureGateway = null, Action<MeLoClusterOptions>? configureCluster = null)
    {
        var tls = builder.AddMeLoGatewayTls();
        bool authEnabled = builder.Configuration.GetValue($"{AuthOptions.SectionName}:{nameof(AuthOptions.Enabled)}", new AuthOptions().Enabled);
        var endpoint = builder.BindNow(MeLoEndpointOptions.SectionName, new MeLoEndpointOptionsValidator(secured: tls.Enabled && authEnabled), null);
        builder.Services.AddOptions<GatewayOptions>().Bind(builder.Configuration.GetSection(GatewayOptions.SectionName))
            .Configure(o => configureGateway?.Invoke(o));
        builder.Services.AddOptions<ImageInputOptions>().Bind(builder.Configuration.GetSection(ImageInputOptions.SectionName));
        builder.Services.AddOptions<ClientLimitsOptions>().Bind(builder.Configuration.GetSection(ClientLimitsOptions.SectionName));
        var dataDirectory = MeLoDataDirectory.From(builder.Configuration);
        builder.Services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection(AuthOptions.SectionName))
            .PostConfigure(o =>
            {
                o.KeysDirectory = o.KeysDirectory.Length > 0 ? o.KeysDirectory : Path.Combine(dataDirectory, "keys");
                o.AuditLog = o.AuditLog.Length > 0 ? o.AuditLog : Path.Combine(dataDirectory, "audit.log");
            });
        builder.Services.AddMeLoGatewayAuth();
        // Co-hosted, the silo's messaging limit applies, and AddMeLoSilo registered the check against it.
        if (!((IHostApplicationBuilder)builder).Properties.ContainsKey(HostingProperties.Silo))
        {
            var cluster = builder.BindNow(MeLoClusterOptions.SectionName, new MeLoClusterOptionsValidator(), configureCluster);
            builder.UseOrleansClient(client => client.UseMeLoClustering(cluster).AddActivityPropagation());
            builder.Services.AddSingleton<IValidateOptions<GatewayOptions>>(sp =>
                new OrleansMessageLimitsValidator(sp.GetRequiredService<IOptions<Orleans.Configuration.ClientMessagingOptions>>().Value.MaxMessageBodySize));
        }

        builder.Services.AddMeLoGatewayServices();
        // grpc.health.v1: the overall status ("") is readiness; service "liveness" only says the process answers.
        builder.Services.AddGrpcHealthChecks(health =>
            {
                health.Services.Map("", check => check.Tags.Contains(HealthTags.Ready));
                health.Services.Map(HealthTags.Liveness, check => check.Tags.Contains(HealthTags.Live));
            })
            .AddCheck<ClusterHealthCheck>("cluster", tags: [HealthTags.Ready])
            .AddCheck("gateway-process", () => HealthCheckResult.Healthy(), tags: [HealthTags.Live]);
        if (endpoint.Reflection)
            builder.Services.AddGrpcReflection();
        builder.Services.UseStrictGrpcRequestParsing();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // gRPC without TLS needs HTTP/2 prior knowledge: HTTP/1.1 negotiation is impossible on plain HTTP (with TLS, ALPN says h2).
            kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2);
            // Items are whole images (a 224 px tensor is 600 KB): windows of several items keep a stream from stalling on
            // flow control after each one (Kestrel's defaults are 1 MB per connection, 768 KB per stream; measured +15%).
            kestrel.Limits.Http2.InitialConnectionWindowSize = 16 << 20;
            kestrel.Limits.Http2.InitialStreamWindowSize = 4 << 20;
            if (endpoint.Address == "localhost")
                kestrel.ListenLocalhost(endpoint.Port, listen => listen.UseMeLoTls(tls));
            else
                kestrel.Listen(IPAddress.Parse(endpoint.Address), endpoint.Port, listen => listen.UseMeLoTls(tls));
        });
        return builder;
    }

    public static WebApplication MapMeLoGateway(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapMeLoGatewayServices();
        // Probes carry no credentials.
        app.MapGrpcHealthChecksService().AllowAnonymous();
        if (app.Configuration.GetValue<bool>($"{MeLoEndpointOptions.SectionName}:{nameof(MeLoEndpointOptions.Reflection)}"))
            app.MapGrpcReflectionService();
        return app;
    }
}
