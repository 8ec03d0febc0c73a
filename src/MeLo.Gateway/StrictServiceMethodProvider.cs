using System.Reflection;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace MeLo.Gateway;

/// <summary>
/// Binds gRPC services as Grpc.AspNetCore's own provider does (the generated <c>BindService</c>, with the service's and
/// the method's attributes as endpoint metadata, so <c>[Authorize]</c> works), but with request deserializers that turn
/// unparsable bytes (garbage protobuf, strings that are not UTF-8) into INVALID_ARGUMENT. Left alone, a unary call's bad
/// message fails before any interceptor runs and the client sees UNKNOWN "Exception was thrown by handler".
/// </summary>
public sealed class StrictServiceMethodProvider<TService> : IServiceMethodProvider<TService> where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        var bind = typeof(TService).GetCustomAttribute<BindServiceMethodAttribute>(inherit: true);
        var bindMethod = bind?.BindType.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .FirstOrDefault(m => m.Name == bind.BindMethodName && m.GetParameters() is { Length: 2 } p
                && p[0].ParameterType == typeof(ServiceBinderBase) && p[1].ParameterType.IsAssignableFrom(typeof(TService)));
        bindMethod?.Invoke(null, [new Binder(context), null]);
    }

    sealed class Binder(ServiceMethodProviderContext<TService> context) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            context.AddUnaryMethod(Strict(method), Metadata(method), Invoker<UnaryServerMethod<TService, TRequest, TResponse>>(method));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddClientStreamingMethod(Strict(method), Metadata(method), Invoker<ClientStreamingServerMethod<TService, TRequest, TResponse>>(method));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddServerStreamingMethod(Strict(method), Metadata(method), Invoker<ServerStreamingServerMethod<TService, TRequest, TResponse>>(method));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddDuplexStreamingMethod(Strict(method), Metadata(method), Invoker<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(method));

        static MethodInfo Implementation(IMethod method) =>
            typeof(TService).GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{typeof(TService).Name} has no method {method.Name}.");

        static List<object> Metadata(IMethod method) =>
            [.. typeof(TService).GetCustomAttributes(inherit: true), .. Implementation(method).GetCustomAttributes(inherit: true)];

        // An open instance delegate: the service instance comes per call from Grpc.AspNetCore's activator.
        static TDelegate Invoker<TDelegate>(IMethod method) where TDelegate : Delegate =>
            (TDelegate)Delegate.CreateDelegate(typeof(TDelegate), Implementation(method));

        static Method<TRequest, TResponse> Strict<TRequest, TResponse>(Method<TRequest, TResponse> method)
        {
            var deserialize = method.RequestMarshaller.ContextualDeserializer;
            var requests = new Marshaller<TRequest>(method.RequestMarshaller.ContextualSerializer, payload =>
            {
                try
                {
                    return deserialize(payload);
                }
                catch (InvalidProtocolBufferException)
                {
                    throw new RpcException(new Status(StatusCode.InvalidArgument, $"The request is not a valid {typeof(TRequest).Name} message."));
                }
            });
            return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, requests, method.ResponseMarshaller);
        }
    }
}
