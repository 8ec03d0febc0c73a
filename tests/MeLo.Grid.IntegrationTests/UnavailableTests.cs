using Grpc.Core;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Grid.Protos.V1;
using MeLo.Model.Vit;

namespace MeLo.Grid.IntegrationTests;

/// <summary>A grid whose only silo has no backbone cannot place adapter grains anywhere.</summary>
public sealed class UnavailableTests
{
    [Fact]
    public async Task Without_a_silo_that_has_a_backbone_diagnosis_is_unavailable()
    {
        await using var grid = await ServeGrid.StartAsync(silo: s => s.ServeBackbone = false);
        int size = DemoBackbone.Config.ImageSize;
        var request = new DiagnoseRequest { Items = { Items.Tensor("x", "alpha", TestImages.Tensor(1, size), size) } };

        var error = await Assert.ThrowsAsync<RpcException>(() => grid.Diagnosis.DiagnoseAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }
}
