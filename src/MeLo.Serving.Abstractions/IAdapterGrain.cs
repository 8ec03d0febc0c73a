namespace MeLo.Serving.Abstractions;

/// <summary>
/// One task's adapter on the grid (key: <see cref="AdapterGrainKey"/>). An activation owns its task's active adapter: it
/// keeps it resident on its silo's device for as long as it lives. Calls interleave, so that the silo's engine can batch
/// items of many calls and tasks into one forward pass.
/// </summary>
[Alias("melo.IAdapterGrain")]
public interface IAdapterGrain : IGrainWithStringKey
{
    /// <summary>One outcome per item, in item order; an item's failure does not fail the others.</summary>
    [Alias("Diagnose")]
    Task<DiagnosisOutcome[]> DiagnoseAsync(PreparedImage[] items, CancellationToken cancellationToken = default);

    /// <summary>The version items should name (the active one when <paramref name="version"/> is null) and its preprocessing.</summary>
    /// <exception cref="ServingFaultException">NotFound for an unknown task or version.</exception>
    [Alias("Resolve")]
    Task<AdapterResolution> ResolveAsync(string? version, CancellationToken cancellationToken = default);
}
