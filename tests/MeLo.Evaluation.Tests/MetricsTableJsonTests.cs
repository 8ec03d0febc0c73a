using System.Text.Json;

namespace MeLo.Evaluation.Tests;

public sealed class MetricsTableJsonTests
{
    private static readonly MetricsTableRow Row = new()
    {
        Dataset = "ISIC",
        Task = "Binary",
        ClassCount = 2,
        Method = "MeLo",
        TotalParameters = 85_800_194,
        TrainableParameters = 149_000,
        Accuracy = 0.875,
        Sensitivity = 0.8,
        Precision = 0.9,
        F1Score = 0.85,
        Auc = double.NaN,
    };

    [Fact]
    public void Properties_are_camel_case()
    {
        using var document = JsonDocument.Parse(MetricsTableJson.Serialize([Row]));
        var names = document.RootElement[0].EnumerateObject().Select(p => p.Name);

        Assert.Equal(
            ["dataset", "task", "classCount", "method", "totalParameters", "trainableParameters",
             "accuracy", "sensitivity", "precision", "f1Score", "auc", "subsetAccuracy"],
            names);
        Assert.Equal("NaN", document.RootElement[0].GetProperty("auc").GetString());
        Assert.Equal(0.875, document.RootElement[0].GetProperty("accuracy").GetDouble());
    }

    [Fact]
    public void Rows_round_trip()
    {
        var restored = MetricsTableJson.Deserialize(MetricsTableJson.Serialize([Row, Row with { Method = "Linear probe", Auc = 0.9 }]));

        Assert.Equal([Row, Row with { Method = "Linear probe", Auc = 0.9 }], restored);
    }

    [Fact]
    public void Missing_property_is_rejected()
    {
        Assert.Throws<JsonException>(() => MetricsTableJson.Deserialize("""[{"dataset":"ISIC"}]"""));
    }

    [Fact]
    public void Factory_names_the_task_kind()
    {
        var binary = SingleLabelEvaluator.Evaluate([0, 1], new[,] { { 0.8, 0.2 }, { 0.3, 0.7 } });
        var multiLabel = MultiLabelEvaluator.Evaluate(new[,] { { true, false }, { false, true } }, new[,] { { 0.8, 0.2 }, { 0.3, 0.7 } });

        var binaryRow = MetricsTableRow.From("ISIC", "MeLo", 100, 10, binary);
        var multiLabelRow = MetricsTableRow.From("NIH ChestX-ray14", "MeLo", 100, 10, multiLabel);

        Assert.Equal(("Binary", 2, 1.0), (binaryRow.Task, binaryRow.ClassCount, binaryRow.Auc));
        Assert.Equal(("Multi-label", 2, 1.0), (multiLabelRow.Task, multiLabelRow.ClassCount, multiLabelRow.Accuracy));
        Assert.True(double.IsNaN(binaryRow.SubsetAccuracy));
    }

    [Fact]
    public void Multi_label_rows_carry_subset_accuracy_beside_mean_per_label_accuracy()
    {
        // Sample 0 is right on both labels, sample 1 wrong on its second label: 3 of 4 decisions, 1 of 2 samples.
        var metrics = MultiLabelEvaluator.Evaluate(new[,] { { true, false }, { false, true } }, new[,] { { 0.8, 0.2 }, { 0.3, 0.4 } });

        var row = MetricsTableRow.From("NIH ChestX-ray14", "MeLo", 100, 10, metrics);

        Assert.Equal((0.75, 0.5), (row.Accuracy, row.SubsetAccuracy));
    }
}
