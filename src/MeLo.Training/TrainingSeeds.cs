namespace MeLo.Training;

/// <summary>
/// Seeds derived from (run seed, epoch, sample) with SplitMix64, so shuffling and augmentation depend on nothing but
/// those numbers: the order images are decoded in (in parallel) or a restart from a checkpoint cannot change them.
/// </summary>
internal static class TrainingSeeds
{
    public static int For(int seed, int epoch, int index = -1)
    {
        ulong z = Mix((ulong)(uint)seed);
        z = Mix(z ^ (ulong)(uint)epoch);
        z = Mix(z ^ (ulong)(long)index);
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
