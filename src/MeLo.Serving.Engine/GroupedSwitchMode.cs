namespace MeLo.Serving.Engine;

/// <summary>How <see cref="SchedulingPolicy.Grouped"/> applies one adapter to the backbone for a forward pass.</summary>
public enum GroupedSwitchMode
{
    /// <summary>Adds the adapter's deltas into the backbone weights (a plain forward then costs nothing extra) and
    /// subtracts them when another adapter is needed. The last merged adapter stays merged across batches.</summary>
    Merge,

    /// <summary>Leaves the backbone untouched and adds the LoRA deltas on the fly (LoraAdapter.Forward).</summary>
    Select,
}
