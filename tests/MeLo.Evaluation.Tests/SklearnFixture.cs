using System.Text.Json;

namespace MeLo.Evaluation.Tests;

/// <summary>One JSON case written by fixtures/make_sklearn_fixtures.py: inputs plus scikit-learn's outputs.</summary>
internal sealed class SklearnFixture
{
    /// <summary>The agreement the parity tests demand with scikit-learn.</summary>
    public const double Tolerance = 1e-6;

    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "fixtures");

    private SklearnFixture(string name, JsonElement root)
    {
        Name = name;
        Root = root;
    }

    public string Name { get; }

    public JsonElement Root { get; }

    public JsonElement Expected => Root.GetProperty("expected");

    /// <summary>The names of the fixture files of one kind ("single-label" or "multi-label"), in ordinal order.</summary>
    public static IReadOnlyList<string> NamesOfKind(string kind) =>
        Directory.EnumerateFiles(FixtureDirectory, "*.json")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Where(name => Load(name).Root.GetProperty("kind").GetString() == kind)
            .Order(StringComparer.Ordinal)
            .ToArray();

    public static SklearnFixture Load(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureDirectory, name + ".json")));
        return new SklearnFixture(name, document.RootElement.Clone());
    }

    public static double[,] ToDoubleMatrix(JsonElement rows) =>
        ToMatrix(rows, cell => cell.GetDouble());

    public static bool[,] ToBoolMatrix(JsonElement rows) =>
        ToMatrix(rows, cell => cell.GetInt32() != 0);

    /// <summary>Numbers as they are; null (scikit-learn raised) as NaN.</summary>
    public static double[] ToDoubles(JsonElement values) =>
        values.EnumerateArray().Select(ToDouble).ToArray();

    public static double ToDouble(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null ? double.NaN : value.GetDouble();

    /// <summary>Equal within <see cref="Tolerance"/>, or both NaN; the message names the case and the quantity.</summary>
    public void AssertClose(double expected, double actual, string quantity)
    {
        var agrees = double.IsNaN(expected)
            ? double.IsNaN(actual)
            : Math.Abs(expected - actual) <= Tolerance;
        Assert.True(agrees, $"{Name}: {quantity} is {actual:R}, scikit-learn says {expected:R}.");
    }

    public void AssertClose(JsonElement expected, IReadOnlyList<double> actual, string quantity)
    {
        var values = ToDoubles(expected);
        Assert.Equal(values.Length, actual.Count);
        for (var i = 0; i < values.Length; i++)
        {
            AssertClose(values[i], actual[i], $"{quantity}[{i}]");
        }
    }

    private static T[,] ToMatrix<T>(JsonElement rows, Func<JsonElement, T> read)
    {
        var lines = rows.EnumerateArray().Select(row => row.EnumerateArray().Select(read).ToArray()).ToArray();
        var matrix = new T[lines.Length, lines.Length == 0 ? 0 : lines[0].Length];
        for (var i = 0; i < lines.Length; i++)
        {
            for (var j = 0; j < lines[i].Length; j++)
            {
                matrix[i, j] = lines[i][j];
            }
        }
        return matrix;
    }
}
