namespace MeLo.Training;

/// <summary>One class (single-label, one-vs-rest) or one label (multi-label, at its threshold) of an evaluation.</summary>
public sealed record ClassSummary(string Label, long Positives, double Sensitivity, double Precision, double F1Score, double Auc);
