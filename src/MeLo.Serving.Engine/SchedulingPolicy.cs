namespace MeLo.Serving.Engine;

/// <summary>How an engine runs a batch that holds requests for several adapters.</summary>
public enum SchedulingPolicy
{
    /// <summary>One forward pass over samples of many tasks: every resident adapter sits in a slot of an AdapterStack and
    /// each sample is routed through its own slot (unmerged LoRA, per-sample heads). No weights change between passes.</summary>
    Mixed,

    /// <summary>One adapter per forward pass, as in the MeLo paper: the batch is split by adapter and each group runs alone
    /// (see <see cref="GroupedSwitchMode"/>).</summary>
    Grouped,
}
