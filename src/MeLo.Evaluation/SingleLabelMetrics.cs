namespace MeLo.Evaluation;

/// <summary>
/// The MeLo paper's metrics for a single-label task (binary or multi-class), as scikit-learn computes them from
/// true classes and the argmax of the probabilities. See METRICS.md for the definitions.
/// </summary>
public sealed class SingleLabelMetrics
{
    /// <summary>The number of samples n.</summary>
    public required int SampleCount { get; init; }

    /// <summary>The number of classes C, the columns of the probability matrix.</summary>
    public required int ClassCount { get; init; }

    /// <summary>ACC: the fraction of samples whose argmax is the true class (<c>accuracy_score</c>).</summary>
    public required double Accuracy { get; init; }

    /// <summary>
    /// SEN: macro-averaged sensitivity (<c>recall_score(average='macro', zero_division=0)</c>), the unweighted mean
    /// over the classes that occur in the truth or the predictions (<see cref="ClassMetrics.IsObserved"/>).
    /// </summary>
    public required double Sensitivity { get; init; }

    /// <summary>
    /// PRE: macro-averaged precision (<c>precision_score(average='macro', zero_division=0)</c>) over the observed
    /// classes; a class that occurs but is never predicted contributes 0.
    /// </summary>
    public required double Precision { get; init; }

    /// <summary>F1S: macro-averaged F1 (<c>f1_score(average='macro', zero_division=0)</c>) over the observed classes.</summary>
    public required double F1Score { get; init; }

    /// <summary>
    /// AUC. Binary: the AUC of the class-1 column (<c>roc_auc_score(y, p[:, 1])</c>). Multi-class: the unweighted
    /// mean of the one-vs-rest AUCs (<c>multi_class='ovr', average='macro'</c>) over the classes whose AUC is
    /// defined; the others are listed in <see cref="AucUndefinedClasses"/>. NaN when no class has a defined AUC.
    /// </summary>
    public required double Auc { get; init; }

    /// <summary>Per-class counts and scores, indexed by class.</summary>
    public required IReadOnlyList<ClassMetrics> PerClass { get; init; }

    /// <summary>The C x C confusion matrix, rows true and columns predicted.</summary>
    public required ConfusionMatrix ConfusionMatrix { get; init; }

    /// <summary>
    /// Classes whose one-vs-rest AUC is undefined because they never occur or every sample is of them; they are
    /// left out of <see cref="Auc"/>, where scikit-learn would raise instead.
    /// </summary>
    public required IReadOnlyList<int> AucUndefinedClasses { get; init; }

    /// <summary>Whether every class's AUC is defined, so <see cref="Auc"/> equals scikit-learn's value.</summary>
    public bool IsAucComplete => AucUndefinedClasses.Count == 0;
}
