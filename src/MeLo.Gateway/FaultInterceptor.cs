using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace MeLo.Gateway;

/// <summary>Maps whatever a handler throws to a gRPC status with <see cref="FaultStatus"/>, so services just throw.</summary>
public sealed partial class FaultInterceptor(ILogger<FaultInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    RpcException Map(Exception exception, ServerCallContext context)
    {
        var fault = FaultStatus.FromException(exception, context);
        if (fault.Kind == Serving.Abstractions.FaultKind.Internal)
            LogUnexpected(context.Method, exception.GetType().FullName);
        return FaultStatus.ToRpcException(fault);
    }

    // The type only: exception messages may quote request content.
    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected {ExceptionType} in {Method}.")]
    partial void LogUnexpected(string method, string? exceptionType);
}
