using System.Globalization;
using System.Text;
using MeLo.Data;
using MeLo.Evaluation;

namespace MeLo.Training;

/// <summary>What <c>melo eval</c> prints and the test part of a training report: a Table-1-style row and its details.</summary>
/// <param name="ConfusionMatrix">Rows true, columns predicted; null for multi-label tasks.</param>
/// <param name="SkippedFiles">Images left out because they could not be read (skip policy).</param>
public sealed record EvaluationReport(
    MetricsTableRow Row,
    MetricSummary Summary,
    int SampleCount,
    long[][]? ConfusionMatrix,
    IReadOnlyList<ClassSummary> PerClass,
    IReadOnlyList<SkippedFile> SkippedFiles)
{
    public string ToText()
    {
        var text = new StringBuilder(MetricsTableFormatter.Format([Row]));
        text.Append(CultureInfo.InvariantCulture, $"\n{SampleCount} images, loss {Summary.Loss:F4}\n");
        if (ConfusionMatrix is null)
            text.Append(CultureInfo.InvariantCulture,
                $"ACC is the mean per-label accuracy; subset (exact-match) accuracy {MetricsTableFormatter.FormatPercentage(Row.SubsetAccuracy)}\n");
        if (ConfusionMatrix is not null)
        {
            int width = Math.Max(PerClass.Max(c => c.Label.Length), ConfusionMatrix.SelectMany(r => r).Max().ToString(CultureInfo.InvariantCulture).Length);
            text.Append("\nconfusion matrix (rows true, columns predicted)\n");
            text.Append(new string(' ', width)).Append("  ").AppendJoin("  ", PerClass.Select(c => c.Label.PadLeft(width))).Append('\n');
            for (int t = 0; t < ConfusionMatrix.Length; t++)
                text.Append(PerClass[t].Label.PadRight(width)).Append("  ")
                    .AppendJoin("  ", ConfusionMatrix[t].Select(n => n.ToString(CultureInfo.InvariantCulture).PadLeft(width))).Append('\n');
        }
        text.Append('\n').Append(ConfusionMatrix is null ? "label" : "class").Append(": positives  SEN  PRE  F1S  AUC\n");
        foreach (var c in PerClass)
            text.Append(CultureInfo.InvariantCulture,
                $"  {c.Label}: {c.Positives}  {MetricsTableFormatter.FormatPercentage(c.Sensitivity)}  {MetricsTableFormatter.FormatPercentage(c.Precision)}  " +
                $"{MetricsTableFormatter.FormatPercentage(c.F1Score)}  {MetricsTableFormatter.FormatPercentage(c.Auc)}\n");
        if (SkippedFiles.Count > 0)
            text.Append(CultureInfo.InvariantCulture, $"\n{SkippedFiles.Count} unreadable images skipped (first: {SkippedFiles[0].Path}: {SkippedFiles[0].Reason})\n");
        return text.ToString();
    }
}
