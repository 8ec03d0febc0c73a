namespace MeLo.Evaluation.Tests;

public sealed class MetricsTableFormatterTests
{
    private static readonly MetricsTableRow ChestRow = new()
    {
        Dataset = "NIH ChestX-ray14",
        Task = "Multi-label",
        ClassCount = 14,
        Method = "MeLo",
        TotalParameters = 85_798_656,
        TrainableParameters = 147_456,
        Accuracy = 0.87534,
        Sensitivity = 0.5,
        Precision = 0.123456,
        F1Score = 0.2,
        Auc = 0.81,
    };

    private static readonly MetricsTableRow BinaryRow = new()
    {
        Dataset = "ISIC",
        Task = "Binary",
        ClassCount = 2,
        Method = "Full fine-tuning",
        TotalParameters = 85_800_194,
        TrainableParameters = 85_800_194,
        Accuracy = 1.0,
        Sensitivity = 0.9,
        Precision = 0.95,
        F1Score = 0.925,
        Auc = double.NaN,
    };

    [Fact]
    public void Prints_aligned_columns_with_paper_style_percentages()
    {
        var expected = string.Join('\n',
            "Dataset           Task         Classes  Method            Parameters  Trainable     ACC    SEN    PRE    F1S    AUC",
            "----------------  -----------  -------  ----------------  ----------  ---------  ------  -----  -----  -----  -----",
            "NIH ChestX-ray14  Multi-label       14  MeLo                  85.80M    147.46K   87.53  50.00  12.35  20.00  81.00",
            "ISIC              Binary             2  Full fine-tuning      85.80M     85.80M  100.00  90.00  95.00  92.50    n/a",
            "");

        Assert.Equal(expected, MetricsTableFormatter.Format([ChestRow, BinaryRow]));
    }

    [Fact]
    public void Header_only_for_no_rows()
    {
        var lines = MetricsTableFormatter.Format([]).Split('\n');

        Assert.StartsWith("Dataset  Task  Classes  Method", lines[0]);
        Assert.Equal(3, lines.Length);
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(999L, "999")]
    [InlineData(1_000L, "1.00K")]
    [InlineData(147_456L, "147.46K")]
    [InlineData(999_999L, "1.00M")]
    [InlineData(85_798_656L, "85.80M")]
    [InlineData(1_250_000_000L, "1.25B")]
    public void Parameter_counts_are_abbreviated(long count, string expected)
    {
        Assert.Equal(expected, MetricsTableFormatter.FormatParameterCount(count));
    }

    [Theory]
    [InlineData(0.87534, "87.53")]
    [InlineData(0.0, "0.00")]
    [InlineData(1.0, "100.00")]
    [InlineData(double.NaN, "n/a")]
    public void Fractions_print_as_percentages_with_two_decimals(double fraction, string expected)
    {
        Assert.Equal(expected, MetricsTableFormatter.FormatPercentage(fraction));
    }
}
