using MeLo.Serving.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MeLo.Gateway;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// The gateway's gRPC services and their helpers. Needs an Orleans <see cref="IGrainFactory"/> (a cluster client, or
    /// the silo's own when co-hosted) and <see cref="GatewayOptions"/> configured by the caller.
    /// </summary>
    public static IServiceCollection AddMeLoGatewayServices(this IServiceCollection services)
    {
        services.AddOptions<GatewayOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddGrpc();
        services.AddOptions<Grpc.AspNetCore.Server.GrpcServiceOptions>().Configure<IOptions<GatewayOptions>>((grpc, gateway) =>
        {
            grpc.Interceptors.Add<FaultInterceptor>();
            grpc.MaxReceiveMessageSize = gateway.Value.MaxMessageBytes;
        });
        services.AddMetrics();
        services.AddSingleton<GatewayTelemetry>();
        services.AddSingleton<AdapterResolutionCache>();
        services.AddSingleton<IAdapterChangeListener>(sp => sp.GetRequiredService<AdapterResolutionCache>());
        services.AddSingleton<ReplicaRouter>();
        services.AddHostedService<AdapterRegistrySubscription>();
        return services;
    }

    public static IEndpointRouteBuilder MapMeLoGatewayServices(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<DiagnosisGrpcService>();
        endpoints.MapGrpcService<AdapterGrpcService>();
        // Its own service, so that authentication can require the admin role for it alone.
        endpoints.MapGrpcService<AdminGrpcService>();
        return endpoints;
    }
}
