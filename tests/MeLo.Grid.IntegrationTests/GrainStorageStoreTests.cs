using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Hosting;

namespace MeLo.Grid.IntegrationTests;

/// <summary>The adapter API over the grain-storage store (clusters without a shared disk) keeps the directory store's contract.</summary>
public sealed class GrainStorageStoreTests
{
    [Fact]
    public async Task The_adapter_lifecycle_holds_with_adapters_in_grain_storage()
    {
        using var reference = new ReferenceModel();
        await using var grid = await ServeGrid.StartAsync(silo: s => s.AdapterStore = AdapterStoreKind.GrainStorage);

        await AdapterLifecycle.RunAsync(grid, reference, new TestTask("stored", ["benign", "malignant"], false, 31));
    }
}
