namespace MeLo.Grid.IntegrationTests.Infrastructure;

/// <summary>One served grid with the three test tasks uploaded, shared by the tests of <see cref="GridCollection"/>.</summary>
public sealed class GridFixture : IAsyncLifetime
{
    internal ServeGrid Grid { get; private set; } = null!;
    internal ReferenceModel Reference { get; } = new();

    public async Task InitializeAsync()
    {
        Grid = await ServeGrid.StartAsync(configuration: new Dictionary<string, string?> { ["MeLo:Endpoint:Reflection"] = "true" });
        foreach (var task in TestTask.All)
            await Grid.UploadAsync(task.Id, Reference.AddAdapter(task));
    }

    public async Task DisposeAsync()
    {
        await Grid.DisposeAsync();
        Reference.Dispose();
    }
}
