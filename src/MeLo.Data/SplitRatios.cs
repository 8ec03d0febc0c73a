using System.Globalization;

namespace MeLo.Data;

/// <summary>Fractions of a dataset for train, validation and test; normalised to sum to 1.</summary>
public sealed record SplitRatios
{
    public SplitRatios(double train, double validation, double test)
    {
        if (!(train > 0 && validation >= 0 && test >= 0) || double.IsInfinity(train + validation + test))
        {
            throw new ArgumentOutOfRangeException(nameof(train), $"Split ratios need train > 0 and validation, test >= 0; got {train}/{validation}/{test}.");
        }

        double total = train + validation + test;
        Train = train / total;
        Validation = validation / total;
        Test = test / total;
    }

    public double Train { get; }

    public double Validation { get; }

    public double Test { get; }

    /// <summary>"80/20" (train/validation) or "70/10/20" (train/validation/test); percentages or fractions.</summary>
    /// <exception cref="FormatException">Not two or three non-negative numbers separated by '/'.</exception>
    public static SplitRatios Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/', StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        if (parts.Length is not (2 or 3)
            || !parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])).All(ok => ok))
        {
            throw new FormatException($"Split ratios '{text}' must look like 80/20 (train/validation) or 70/10/20 (train/validation/test).");
        }

        try
        {
            return new SplitRatios(values[0], values[1], values.Length == 3 ? values[2] : 0);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new FormatException($"Split ratios '{text}': {e.Message}", e);
        }
    }
}
