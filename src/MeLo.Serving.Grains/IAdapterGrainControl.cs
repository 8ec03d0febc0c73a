namespace MeLo.Serving.Grains;

/// <summary>What a silo asks of its own adapter grains: make room, follow a registry change, move to another silo.</summary>
[Alias("melo.IAdapterGrainControl")]
public interface IAdapterGrainControl : IGrainWithStringKey
{
    /// <summary>Releases the adapter now and deactivates when idle (to make room on a full device).</summary>
    [Alias("Release")]
    Task ReleaseAsync();

    /// <summary>Re-reads the task's active version and swaps the pinned adapter if it changed.</summary>
    [Alias("Refresh")]
    Task RefreshAsync();

    /// <summary>Moves this activation to <paramref name="silo"/> once idle (Orleans grain migration).</summary>
    [Alias("MigrateTo")]
    Task MigrateToAsync(SiloAddress silo);
}
