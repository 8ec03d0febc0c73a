namespace MeLo.Data;

/// <summary>
/// Seeds derived from (seed, a, b) by chained SplitMix64 finalisers: well mixed and independent of any shared Random,
/// so parallel or resumed work draws exactly what a sequential run would.
/// </summary>
public static class DerivedSeed
{
    public static int From(int seed, int a, long b = -1)
    {
        ulong z = Mix((uint)seed);
        z = Mix(z ^ (uint)a);
        z = Mix(z ^ (ulong)b);
        return (int)(z & int.MaxValue);
    }

    static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
