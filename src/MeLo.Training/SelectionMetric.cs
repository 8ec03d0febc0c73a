namespace MeLo.Training;

/// <summary>The validation number that picks the best epoch and drives early stopping.</summary>
public enum SelectionMetric
{
    Accuracy,
    Auc,
    F1Score,

    /// <summary>Validation loss; lower is better.</summary>
    Loss,
}
