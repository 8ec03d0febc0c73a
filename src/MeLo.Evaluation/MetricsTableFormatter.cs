using System.Globalization;
using System.Text;

namespace MeLo.Evaluation;

/// <summary>Prints <see cref="MetricsTableRow"/>s as a plain-text table with aligned columns, like the MeLo paper's Table 1.</summary>
public static class MetricsTableFormatter
{
    private const string ColumnGap = "  ";

    private static readonly string[] Headers =
        ["Dataset", "Task", "Classes", "Method", "Parameters", "Trainable", "ACC", "SEN", "PRE", "F1S", "AUC"];

    /// <summary>Text columns are left-aligned, numbers right-aligned so their digits line up.</summary>
    private static readonly bool[] IsNumeric = [false, false, true, false, true, true, true, true, true, true, true];

    /// <summary>
    /// A header line, a dashed rule and one line per row; metrics are percentages with two decimals ("87.53"),
    /// parameter counts are abbreviated (<see cref="FormatParameterCount"/>). Lines end in '\n' without trailing spaces.
    /// </summary>
    public static string Format(IEnumerable<MetricsTableRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var cells = new List<string[]> { Headers };
        cells.AddRange(rows.Select(row => new[]
        {
            row.Dataset,
            row.Task,
            row.ClassCount.ToString(CultureInfo.InvariantCulture),
            row.Method,
            FormatParameterCount(row.TotalParameters),
            FormatParameterCount(row.TrainableParameters),
            FormatPercentage(row.Accuracy),
            FormatPercentage(row.Sensitivity),
            FormatPercentage(row.Precision),
            FormatPercentage(row.F1Score),
            FormatPercentage(row.Auc),
        }));

        var widths = Enumerable.Range(0, Headers.Length).Select(column => cells.Max(line => line[column].Length)).ToArray();
        var table = new StringBuilder();
        AppendLine(table, Align(Headers, widths));
        AppendLine(table, widths.Select(width => new string('-', width)));
        foreach (var line in cells.Skip(1))
        {
            AppendLine(table, Align(line, widths));
        }
        return table.ToString();
    }

    /// <summary>A fraction as a percentage with two decimals ("0.87534" → "87.53"); "n/a" for NaN.</summary>
    public static string FormatPercentage(double fraction) =>
        double.IsNaN(fraction) ? "n/a" : (fraction * 100).ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>
    /// A parameter count with a K, M or B suffix and two decimals ("85,798,656" → "85.80M"); counts below 1,000 as is.
    /// </summary>
    public static string FormatParameterCount(long count)
    {
        string[] suffixes = ["", "K", "M", "B"];
        double scaled = count;
        var step = 0;
        // Compare after rounding so 999,999 reads "1.00M", not "1000.00K".
        while (step < suffixes.Length - 1 && Math.Abs(Math.Round(scaled, 2)) >= 1000)
        {
            scaled /= 1000;
            step++;
        }
        return step == 0
            ? count.ToString(CultureInfo.InvariantCulture)
            : scaled.ToString("F2", CultureInfo.InvariantCulture) + suffixes[step];
    }

    private static IEnumerable<string> Align(string[] line, int[] widths) =>
        line.Select((cell, column) => IsNumeric[column] ? cell.PadLeft(widths[column]) : cell.PadRight(widths[column]));

    private static void AppendLine(StringBuilder table, IEnumerable<string> cells) =>
        table.Append(string.Join(ColumnGap, cells).TrimEnd()).Append('\n');
}
