namespace MeLo.Data;

internal static class RandomExtensions
{
    public static double Uniform(this Random random, double min, double max) => min + ((max - min) * random.NextDouble());
}
