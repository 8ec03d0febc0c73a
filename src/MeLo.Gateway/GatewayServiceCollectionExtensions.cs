using Grpc.AspNetCore.Server.Model;
using MeLo.Serving.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
        services.AddOptionsWithValidateOnStart<GatewayOptions, GatewayOptionsValidator>();
        services.AddGrpc();
        services.AddOptions<Grpc.AspNetCore.Server.GrpcServiceOptions>().Configure<IOptions<GatewayOptions>>((grpc, gateway) =>
        {
            grpc.Interceptors.Add<FaultInterceptor>();
            grpc.MaxReceiveMessageSize = gateway.Value.MaxMessageBytes;
        });
        services.AddMetrics();
        services.AddSingleton<GatewayTelemetry>();
        services.AddOptionsWithValidateOnStart<ImageInputOptions, ImageInputOptionsValidator>();
        services.AddSingleton<ImageDecodeGate>();
        services.AddOptionsWithValidateOnStart<Security.ClientLimitsOptions, Security.ClientLimitsOptionsValidator>();
        services.AddSingleton<Security.ClientLimits>();
        services.AddSingleton<AdapterResolutionCache>();
        services.AddSingleton<IAdapterChangeListener>(sp => sp.GetRequiredService<AdapterResolutionCache>());
        services.AddSingleton<ReplicaRouter>();
        services.AddSingleton<GrainCallRetry>();
        services.AddHostedService<AdapterRegistrySubscription>();
        return services;
    }

    /// <summary>
    /// Replaces Grpc.AspNetCore's binder provider with <see cref="StrictServiceMethodProvider{TService}"/> (same binding,
    /// strict request parsing), for every gRPC service of the host. Call after the last AddGrpc* registration: each of
    /// them adds the default provider back.
    /// </summary>
    public static IServiceCollection UseStrictGrpcRequestParsing(this IServiceCollection services)
    {
        services.RemoveAll(typeof(IServiceMethodProvider<>));
        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(StrictServiceMethodProvider<>));
        return services;
    }

    public static IEndpointRouteBuilder MapMeLoGatewayServices(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<DiagnosisGrpcService>();
        endpoints.MapGrpcService<AdapterGrpcService>();
        // The Open Inference Protocol beside melo.v1; it answers through DiagnosisGrpcService, so guard it the same way.
        endpoints.MapGrpcService<InferenceGrpcService>();
        // Its own service, so that authorization can require the admin role for it alone.
        endpoints.MapGrpcService<AdminGrpcService>().RequireAuthorization(Security.MeLoPolicies.Admin);
        return endpoints;
    }
}
