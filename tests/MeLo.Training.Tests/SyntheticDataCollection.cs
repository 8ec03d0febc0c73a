namespace MeLo.Training.Tests;

/// <summary>
/// Every test class shares one <see cref="SyntheticData"/> and runs one after another: training saturates both cores,
/// and sequential runs keep timings and memory readings meaningful.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SyntheticDataCollection : ICollectionFixture<SyntheticData>
{
    public const string Name = "synthetic data";
}
