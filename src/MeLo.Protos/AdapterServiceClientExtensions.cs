using Google.Protobuf;
using Grpc.Core;

namespace MeLo.Grid.Protos.V1;

public static class AdapterServiceClientExtensions
{
    /// <summary>Uploads an adapter file: the header, then the file in chunks (each well under gRPC's default message limit).</summary>
    public static async Task<AdapterInfo> UploadAsync(this AdapterService.AdapterServiceClient client, string taskId, byte[] adapterFile,
        bool activate = true, int chunkBytes = 1 << 20, CancellationToken cancellationToken = default)
    {
        using var call = client.Upload(cancellationToken: cancellationToken);
        try
        {
            await call.RequestStream.WriteAsync(new UploadAdapterChunk { Header = new UploadHeader { Task = taskId, Activate = activate } }, cancellationToken);
            foreach (var chunk in adapterFile.Chunk(chunkBytes))
                await call.RequestStream.WriteAsync(new UploadAdapterChunk { Chunk = ByteString.CopyFrom(chunk) }, cancellationToken);
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            // The gateway ended the call before the whole file was sent (no permission, a refused header, too large): a
            // write then fails as CANCELLED, and the call's own status says why.
            await call.ResponseAsync;
            throw;
        }
        return await call;
    }
}
