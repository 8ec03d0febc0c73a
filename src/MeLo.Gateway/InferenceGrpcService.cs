using System.Reflection;
using System.Text.Json;
using Grpc.Core;
using MeLo.Grid.Protos.Inference;
using MeLo.Grid.Protos.V1;
using MeLo.Serving.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace MeLo.Gateway;

/// <summary>
/// inference.GRPCInferenceService, the Open Inference Protocol (KServe v2 / Triton) beside melo.v1: model_name is the task,
/// model_version the adapter version (empty: active). ModelInfer turns its input's elements into melo.v1 items and answers
/// them through <see cref="DiagnosisGrpcService.Diagnose"/>, so preprocessing, routing, batching and fault mapping are
/// melo.v1's own; a failing element fails the call with that element's status.
/// </summary>
public sealed class InferenceGrpcService(IGrainFactory grains, IServiceProvider services) : GRPCInferenceService.GRPCInferenceServiceBase
{
    public const string ServerName = "melo-grid";
    public const string Platform = "melo_lora_vit";

    static readonly string ServerVersion =
        typeof(InferenceGrpcService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    IAdapterRegistryGrain Registry => grains.GetGrain<IAdapterRegistryGrain>(IAdapterRegistryGrain.Key);

    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    public override async Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context)
    {
        try
        {
            return new ServerReadyResponse { Ready = (await Registry.ListAsync(activeOnly: true)).Length > 0 };
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or ObjectDisposedException)
        {
            // Not ready is an answer, not an error: no silo answers yet.
            return new ServerReadyResponse { Ready = false };
        }
    }

    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerMetadataResponse { Name = ServerName, Version = ServerVersion });

    public override async Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context)
    {
        RequireName(request.Name);
        try
        {
            await Registry.GetAsync(request.Name, VersionOrActive(request.Version));
            return new ModelReadyResponse { Ready = true };
        }
        catch (ServingFaultException e) when (e.Fault.Kind == FaultKind.NotFound)
        {
            return new ModelReadyResponse { Ready = false };
        }
    }

    public override async Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context)
    {
        RequireName(request.Name);
        var adapter = await Registry.GetAsync(request.Name, VersionOrActive(request.Version));
        var versions = (await Registry.ListAsync(activeOnly: false)).Where(a => a.TaskId == adapter.TaskId).Select(a => a.Version);
        long size = adapter.Preprocessing?.ImageSize ?? -1;
        var labels = InferenceTensors.Text(JsonSerializer.Serialize(adapter.Labels));
        var response = new ModelMetadataResponse
        {
            Name = adapter.TaskId,
            Versions = { versions },
            Platform = Platform,
            Inputs =
            {
                new ModelMetadataResponse.Types.TensorMetadata { Name = InferenceTensors.ImageInput, Datatype = "BYTES", Shape = { -1 } },
                new ModelMetadataResponse.Types.TensorMetadata { Name = InferenceTensors.PixelValuesInput, Datatype = "FP32", Shape = { -1, 3, size, size } },
            },
            Outputs =
            {
                new ModelMetadataResponse.Types.TensorMetadata
                {
                    Name = InferenceTensors.ProbabilitiesOutput, Datatype = "FP32", Shape = { -1, adapter.Labels.Length }, Parameters = { ["labels"] = labels },
                },
            },
            Parameters =
            {
                ["labels"] = labels,
                ["multi_label"] = new InferParameter { BoolParam = adapter.MultiLabel },
                ["thresholds"] = InferenceTensors.Text(JsonSerializer.Serialize(adapter.Thresholds)),
                ["adapter_version"] = InferenceTensors.Text(adapter.Version),
                ["image_size"] = new InferParameter { Int64Param = size },
            },
        };
        return response;
    }

    public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        var items = InferenceTensors.ToItems(request);
        var diagnosis = ActivatorUtilities.CreateInstance<DiagnosisGrpcService>(services);
        var answers = await diagnosis.Diagnose(new DiagnoseRequest { Items = { items } }, context);
        return InferenceTensors.ToResponse(request, answers.Answers);
    }

    static string? VersionOrActive(string version) => version.Length > 0 ? version : null;

    static void RequireName(string name)
    {
        if (string.IsNullOrEmpty(name))
            throw new ServingFaultException(FaultKind.InvalidArgument, "The request names no model (a task id).", "name");
    }
}
