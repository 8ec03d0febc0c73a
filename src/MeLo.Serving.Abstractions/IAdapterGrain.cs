namespace MeLo.Serving.Abstractions;

/// <summary>
/// One task's adapter on the grid (key: <see cref="AdapterGrainKey"/>). Calls interleave, so that the silo's engine can
/// batch items of many calls and tasks into one forward pass.
/// </summary>
[Alias("melo.IAdapterGrain")]
public interface IAdapterGrain : IGrainWithStringKey
{
    /// <summary>One outcome per item, in item order; an item's failure does not fail the others.</summary>
    [Alias("Diagnose")]
    Task<DiagnosisOutcome[]> DiagnoseAsync(PreparedImage[] items, CancellationToken cancellationToken = default);

    /// <summary>How to preprocess images for the given version (the active one when null).</summary>
    /// <exception cref="ServingFaultException">NotFound for an unknown task or version.</exception>
    [Alias("GetPreprocessing")]
    Task<PreprocessingSettings> GetPreprocessingAsync(string? version, CancellationToken cancellationToken = default);
}
