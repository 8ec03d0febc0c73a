using System.Net;
using MeLo.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MeLo.Hosting;

public static class MeLoGatewayHostingExtensions
{
    /// <summary>
    /// Makes this host the grid's gRPC gateway: Kestrel on <see cref="MeLoEndpointOptions"/> speaking HTTP/2 without TLS,
    /// melo.v1 services, grpc.health.v1 and server reflection. When <see cref="MeLoSiloHostingExtensions.AddMeLoSilo"/> was
    /// called first, the gateway calls the local silo; otherwise it joins the cluster as an Orleans client.
    /// </summary>
    public static WebApplicationBuilder AddMeLoGateway(this WebApplicationBuilder builder,
        Action<GatewayOptions>? configureGateway = null, Action<MeLoClusterOptions>? configureCluster = null)
    {
        var endpoint = builder.BindNow(MeLoEndpointOptions.SectionName, new MeLoEndpointOptionsValidator(), null);
        builder.Services.AddOptions<GatewayOptions>().Bind(builder.Configuration.GetSection(GatewayOptions.SectionName))
            .Configure(o => configureGateway?.Invoke(o));
        builder.Services.AddOptions<ImageInputOptions>().Bind(builder.Configuration.GetSection(ImageInputOptions.SectionName));
        if (!((IHostApplicationBuilder)builder).Properties.ContainsKey(MeLoSiloHostingExtensions.SiloPropertyKey))
        {
            var cluster = builder.BindNow(MeLoClusterOptions.SectionName, new MeLoClusterOptionsValidator(), configureCluster);
            builder.UseOrleansClient(client => client.UseMeLoClustering(cluster).AddActivityPropagation());
        }

        builder.Services.AddMeLoGatewayServices();
        builder.Services.AddGrpcHealthChecks().AddCheck<ClusterHealthCheck>("cluster");
        builder.Services.AddGrpcReflection();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // gRPC without TLS needs HTTP/2 prior knowledge: HTTP/1.1 negotiation is impossible on plain HTTP.
            kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2);
            // Items are whole images (a 224 px tensor is 600 KB): windows of several items keep a stream from stalling on
            // flow control after each one (Kestrel's defaults are 1 MB per connection, 768 KB per stream; measured +15%).
            kestrel.Limits.Http2.InitialConnectionWindowSize = 16 << 20;
            kestrel.Limits.Http2.InitialStreamWindowSize = 4 << 20;
            if (endpoint.Address == "localhost")
                kestrel.ListenLocalhost(endpoint.Port);
            else
                kestrel.Listen(IPAddress.Parse(endpoint.Address), endpoint.Port);
        });
        return builder;
    }

    public static WebApplication MapMeLoGateway(this WebApplication app)
    {
        app.MapMeLoGatewayServices();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
