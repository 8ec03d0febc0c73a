namespace MeLo.Training;

/// <summary>Parameters of the trained task model.</summary>
/// <param name="Total">Everything the served task model uses (backbone without its own classifier, LoRA for MeLo, task head).</param>
/// <param name="Trainable">What the optimiser updated.</param>
public sealed record ParameterCounts(long Total, long Trainable)
{
    /// <summary>Trainable in the paper's unit (parameters / 2^20).</summary>
    public double TrainableInPaperMillions => Model.ParameterAccounting.InPaperMillions(Trainable);
}
