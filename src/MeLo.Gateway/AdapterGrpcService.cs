using Grpc.Core;
using MeLo.Gateway.Security;
using MeLo.Grid.Protos.V1;
using MeLo.Serving.Abstractions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace MeLo.Gateway;

/// <summary>melo.v1.AdapterService over the cluster's <see cref="IAdapterRegistryGrain"/>.</summary>
[Authorize(Policy = MeLoPolicies.Diagnose)]
public sealed class AdapterGrpcService(IGrainFactory grains, IOptions<GatewayOptions> options, AdapterAuditLog audit, ClientLimits limits)
    : AdapterService.AdapterServiceBase
{
    IAdapterRegistryGrain Registry => grains.GetGrain<IAdapterRegistryGrain>(IAdapterRegistryGrain.Key);

    [Authorize(Policy = MeLoPolicies.Admin)]
    public override async Task<AdapterInfo> Upload(IAsyncStreamReader<UploadAdapterChunk> requestStream, ServerCallContext context)
    {
        var token = context.CancellationToken;
        using var open = limits.OpenStream(context);
        if (!await requestStream.MoveNext(token) || requestStream.Current.PartCase != UploadAdapterChunk.PartOneofCase.Header)
            throw new ServingFaultException(FaultKind.InvalidArgument, "The first message of an upload must be its header.", "header");
        var header = requestStream.Current.Header;
        ClientInput.EnsureTask(header.Task, "header.task");

        long limit = options.Value.MaxAdapterBytes;
        using var file = new MemoryStream();
        while (await requestStream.MoveNext(token))
        {
            if (requestStream.Current.PartCase != UploadAdapterChunk.PartOneofCase.Chunk)
                throw new ServingFaultException(FaultKind.InvalidArgument, "Only the first message of an upload may be a header.", "header");
            if (file.Length + requestStream.Current.Chunk.Length > limit)
                throw new ServingFaultException(FaultKind.InvalidArgument, $"The adapter file exceeds the limit of {limit} bytes.", "chunk");
            requestStream.Current.Chunk.WriteTo(file);
        }
        if (file.Length == 0)
            throw new ServingFaultException(FaultKind.InvalidArgument, "The upload holds no adapter file.", "chunk");
        var bytes = file.ToArray();
        var stored = await Registry.PutAsync(header.Task, bytes, header.Activate);
        audit.Record(context.GetHttpContext().User, "upload", header.Task, stored.Version, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        return AdapterInfos.From(stored);
    }

    public override async Task<ListAdaptersResponse> List(ListAdaptersRequest request, ServerCallContext context) =>
        new() { Adapters = { (await Registry.ListAsync(request.ActiveOnly)).Select(AdapterInfos.From) } };

    public override async Task<AdapterInfo> Get(GetAdapterRequest request, ServerCallContext context)
    {
        ClientInput.EnsureTask(request.Task, "task");
        if (request.HasVersion)
            ClientInput.EnsureVersion(request.Version, "version");
        return AdapterInfos.From(await Registry.GetAsync(request.Task, request.HasVersion ? request.Version : null));
    }

    [Authorize(Policy = MeLoPolicies.Admin)]
    public override async Task<DeleteAdapterResponse> Delete(DeleteAdapterRequest request, ServerCallContext context)
    {
        ClientInput.EnsureTask(request.Task, "task");
        if (request.HasVersion)
            ClientInput.EnsureVersion(request.Version, "version");
        var version = request.HasVersion ? request.Version : null;
        if (!await Registry.DeleteAsync(request.Task, version))
            throw new ServingFaultException(FaultKind.NotFound,
                version is null ? $"Unknown task '{request.Task}'." : $"Task '{request.Task}' has no adapter version '{version}'.");
        audit.Record(context.GetHttpContext().User, "delete", request.Task, version);
        return new DeleteAdapterResponse { Deleted = true };
    }

    [Authorize(Policy = MeLoPolicies.Admin)]
    public override async Task<AdapterInfo> SetActiveVersion(SetActiveVersionRequest request, ServerCallContext context)
    {
        ClientInput.EnsureTask(request.Task, "task");
        ClientInput.EnsureVersion(request.Version, "version");
        var activated = AdapterInfos.From(await Registry.SetActiveVersionAsync(request.Task, request.Version));
        audit.Record(context.GetHttpContext().User, "activate", request.Task, request.Version);
        return activated;
    }
}
