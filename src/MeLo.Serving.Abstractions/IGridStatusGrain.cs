namespace MeLo.Serving.Abstractions;

/// <summary>The serving silos' latest status reports (key <see cref="Key"/>), for the admin status RPC.</summary>
[Alias("melo.IGridStatusGrain")]
public interface IGridStatusGrain : IGrainWithStringKey
{
    public const string Key = "cluster";

    /// <summary>One report per serving silo that reported within the last few seconds.</summary>
    [Alias("GetServingSilos")]
    Task<SiloServingStatus[]> GetServingSilosAsync();
}
