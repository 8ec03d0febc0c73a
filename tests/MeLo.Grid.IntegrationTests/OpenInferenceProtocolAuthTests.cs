using Grpc.Core;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Grid.Protos.Inference;
using MeLo.Grid.Protos.V1;

namespace MeLo.Grid.IntegrationTests;

/// <summary>The Open Inference Protocol is guarded like melo.v1: no token is UNAUTHENTICATED, a diagnose token works.</summary>
[Collection(GridCollection.Name)]
public sealed class OpenInferenceProtocolAuthTests(GridFixture fixture)
{
    [Fact]
    public async Task Calls_without_a_token_are_unauthenticated_and_a_diagnose_token_is_enough()
    {
        using var anonymous = MeLoChannel.ForAddress(fixture.Grid.Address, token: null);
        using var diagnose = MeLoChannel.ForAddress(fixture.Grid.Address, fixture.Grid.Grid.DiagnoseToken);
        var request = new ModelMetadataRequest { Name = TestTask.Beta.Id };

        var refused = await Assert.ThrowsAsync<RpcException>(() => new GRPCInferenceService.GRPCInferenceServiceClient(anonymous).ModelMetadataAsync(request).ResponseAsync);
        var metadata = await new GRPCInferenceService.GRPCInferenceServiceClient(diagnose).ModelMetadataAsync(request);

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Equal(TestTask.Beta.Id, metadata.Name);
    }
}
