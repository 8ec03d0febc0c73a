namespace MeLo.Serving.Grains.Placement;

/// <summary>Collects the serving silos' reports (key <see cref="Key"/>), so that every silo's placement sees them all.</summary>
[Alias("melo.IServingLoadGrain")]
public interface IServingLoadGrain : IGrainWithStringKey
{
    public const string Key = "cluster";

    /// <summary>Records a report (when given) and returns the current reports of all silos.</summary>
    [Alias("Exchange")]
    Task<SiloServingReport[]> ExchangeAsync(SiloServingReport? report);
}
