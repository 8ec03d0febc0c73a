namespace MeLo.Evaluation.Tests;

/// <summary>Every metric against scikit-learn's value for the same inputs (fixtures/*.json).</summary>
public sealed class SklearnParityTests
{
    public static TheoryData<string> SingleLabelCases => new(SklearnFixture.NamesOfKind("single-label"));

    public static TheoryData<string> MultiLabelCases => new(SklearnFixture.NamesOfKind("multi-label"));

    [Fact]
    public void Fixtures_cover_every_planned_case()
    {
        Assert.Equal(
            ["binary", "binary_ties", "multiclass_3_never_predicted", "multiclass_4", "multiclass_4_absent_class"],
            SklearnFixture.NamesOfKind("single-label"));
        Assert.Equal(["multilabel_14", "multilabel_5_thresholds_undefined_auc"], SklearnFixture.NamesOfKind("multi-label"));
    }

    [Theory]
    [MemberData(nameof(SingleLabelCases))]
    public void Single_label_matches_sklearn(string name)
    {
        var fixture = SklearnFixture.Load(name);
        var expected = fixture.Expected;
        var trueClasses = fixture.Root.GetProperty("trueClasses").EnumerateArray().Select(e => e.GetInt32()).ToArray();

        var metrics = SingleLabelEvaluator.Evaluate(
            trueClasses, SklearnFixture.ToDoubleMatrix(fixture.Root.GetProperty("probabilities")));

        fixture.AssertClose(expected.GetProperty("accuracy").GetDouble(), metrics.Accuracy, "accuracy");
        fixture.AssertClose(expected.GetProperty("recallMacro").GetDouble(), metrics.Sensitivity, "macro recall");
        fixture.AssertClose(expected.GetProperty("precisionMacro").GetDouble(), metrics.Precision, "macro precision");
        fixture.AssertClose(expected.GetProperty("f1Macro").GetDouble(), metrics.F1Score, "macro F1");
        fixture.AssertClose(SklearnFixture.ToDouble(expected.GetProperty("auc")), metrics.Auc, "AUC");
        fixture.AssertClose(expected.GetProperty("perClassRecall"), metrics.PerClass.Select(m => m.Sensitivity).ToArray(), "recall");
        fixture.AssertClose(expected.GetProperty("perClassPrecision"), metrics.PerClass.Select(m => m.Precision).ToArray(), "precision");
        fixture.AssertClose(expected.GetProperty("perClassF1"), metrics.PerClass.Select(m => m.F1Score).ToArray(), "F1");
        fixture.AssertClose(expected.GetProperty("perClassAuc"), metrics.PerClass.Select(m => m.Auc).ToArray(), "AUC");

        var expectedMatrix = SklearnFixture.ToDoubleMatrix(expected.GetProperty("confusionMatrix"));
        Assert.Equal(expectedMatrix.Cast<double>().Select(count => (long)count), metrics.ConfusionMatrix.ToArray().Cast<long>());

        var expectedUndefined = SklearnFixture.ToDoubles(expected.GetProperty("perClassAuc"))
            .Select((auc, c) => (auc, c)).Where(x => double.IsNaN(x.auc)).Select(x => x.c);
        Assert.Equal(expectedUndefined, metrics.AucUndefinedClasses);
    }

    [Theory]
    [MemberData(nameof(SingleLabelCases))]
    public void Float_probabilities_score_like_their_double_values(string name)
    {
        var fixture = SklearnFixture.Load(name);
        var trueClasses = fixture.Root.GetProperty("trueClasses").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var doubles = SklearnFixture.ToDoubleMatrix(fixture.Root.GetProperty("probabilities"));
        var floats = new float[doubles.GetLength(0), doubles.GetLength(1)];
        var widened = new double[doubles.GetLength(0), doubles.GetLength(1)];
        for (var i = 0; i < doubles.GetLength(0); i++)
        {
            for (var j = 0; j < doubles.GetLength(1); j++)
            {
                floats[i, j] = (float)doubles[i, j];
                widened[i, j] = floats[i, j];
            }
        }

        var fromFloats = SingleLabelEvaluator.Evaluate(trueClasses, floats);
        var fromDoubles = SingleLabelEvaluator.Evaluate(trueClasses, widened);

        Assert.Equal(fromDoubles.Auc, fromFloats.Auc);
        Assert.Equal(fromDoubles.F1Score, fromFloats.F1Score);
        Assert.Equal(fromDoubles.ConfusionMatrix.ToArray(), fromFloats.ConfusionMatrix.ToArray());
    }

    [Theory]
    [MemberData(nameof(MultiLabelCases))]
    public void Multi_label_matches_sklearn(string name)
    {
        var fixture = SklearnFixture.Load(name);
        var expected = fixture.Expected;
        var thresholdsElement = fixture.Root.GetProperty("thresholds");
        var thresholds = thresholdsElement.ValueKind == System.Text.Json.JsonValueKind.Null
            ? null
            : SklearnFixture.ToDoubles(thresholdsElement);

        var metrics = MultiLabelEvaluator.Evaluate(
            SklearnFixture.ToBoolMatrix(fixture.Root.GetProperty("truth")),
            SklearnFixture.ToDoubleMatrix(fixture.Root.GetProperty("probabilities")),
            thresholds);

        fixture.AssertClose(expected.GetProperty("subsetAccuracy").GetDouble(), metrics.SubsetAccuracy, "subset accuracy");
        fixture.AssertClose(expected.GetProperty("meanLabelAccuracy").GetDouble(), metrics.Accuracy, "mean label accuracy");
        fixture.AssertClose(expected.GetProperty("recallMacro").GetDouble(), metrics.Sensitivity, "macro recall");
        fixture.AssertClose(expected.GetProperty("precisionMacro").GetDouble(), metrics.Precision, "macro precision");
        fixture.AssertClose(expected.GetProperty("f1Macro").GetDouble(), metrics.F1Score, "macro F1");
        fixture.AssertClose(SklearnFixture.ToDouble(expected.GetProperty("auc")), metrics.Auc, "macro AUC");
        fixture.AssertClose(expected.GetProperty("perLabelAccuracy"), metrics.PerLabel.Select(m => m.Accuracy).ToArray(), "accuracy");
        fixture.AssertClose(expected.GetProperty("perLabelRecall"), metrics.PerLabel.Select(m => m.Sensitivity).ToArray(), "recall");
        fixture.AssertClose(expected.GetProperty("perLabelPrecision"), metrics.PerLabel.Select(m => m.Precision).ToArray(), "precision");
        fixture.AssertClose(expected.GetProperty("perLabelF1"), metrics.PerLabel.Select(m => m.F1Score).ToArray(), "F1");
        fixture.AssertClose(expected.GetProperty("perLabelAuc"), metrics.PerLabel.Select(m => m.Auc).ToArray(), "AUC");

        var expectedCounts = expected.GetProperty("perLabelConfusion").EnumerateArray()
            .Select(c => new BinaryConfusionCounts(
                c.GetProperty("tp").GetInt64(), c.GetProperty("fp").GetInt64(),
                c.GetProperty("fn").GetInt64(), c.GetProperty("tn").GetInt64()));
        Assert.Equal(expectedCounts, metrics.PerLabel.Select(m => m.Counts));
        Assert.Equal(metrics.AucUndefinedLabels.Count == 0, metrics.IsAucComplete);
    }
}
