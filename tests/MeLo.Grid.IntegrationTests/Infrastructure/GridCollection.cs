namespace MeLo.Grid.IntegrationTests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class GridCollection : ICollectionFixture<GridFixture>
{
    public const string Name = "served grid";
}
