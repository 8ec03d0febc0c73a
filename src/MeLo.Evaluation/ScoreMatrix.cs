namespace MeLo.Evaluation;

/// <summary>Checks and slices the [n, C] score matrices that both evaluators take.</summary>
internal static class ScoreMatrix
{
    /// <summary>Widens float scores; every float is exactly a double, so order and ties are kept.</summary>
    public static double[,] ToDouble(float[,] scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var widened = new double[scores.GetLength(0), scores.GetLength(1)];
        for (var row = 0; row < scores.GetLength(0); row++)
        {
            for (var column = 0; column < scores.GetLength(1); column++)
            {
                widened[row, column] = scores[row, column];
            }
        }
        return widened;
    }

    /// <summary>Rejects an empty matrix, a sample count that differs from the truth's, and non-finite scores.</summary>
    public static void Validate(double[,] scores, int truthSampleCount, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(scores, parameterName);
        if (truthSampleCount == 0 || scores.GetLength(0) == 0)
        {
            throw new ArgumentException("At least one sample is needed to compute metrics; the input is empty.", parameterName);
        }
        if (scores.GetLength(0) != truthSampleCount)
        {
            throw new ArgumentException(
                $"The truth has {truthSampleCount} samples but the probabilities have {scores.GetLength(0)} rows; they must match.",
                parameterName);
        }
        for (var row = 0; row < scores.GetLength(0); row++)
        {
            for (var column = 0; column < scores.GetLength(1); column++)
            {
                if (!double.IsFinite(scores[row, column]))
                {
                    throw new ArgumentException(
                        $"Probabilities must be finite, but sample {row}, column {column} is {scores[row, column]}.",
                        parameterName);
                }
            }
        }
    }

    public static double[] Column(double[,] scores, int column)
    {
        var values = new double[scores.GetLength(0)];
        for (var row = 0; row < values.Length; row++)
        {
            values[row] = scores[row, column];
        }
        return values;
    }

    /// <summary>The mean of the non-NaN values, or NaN when there are none.</summary>
    public static double MeanOfDefined(IEnumerable<double> values)
    {
        double sum = 0;
        var count = 0;
        foreach (var value in values)
        {
            if (!double.IsNaN(value))
            {
                sum += value;
                count++;
            }
        }
        return count == 0 ? double.NaN : sum / count;
    }
}
