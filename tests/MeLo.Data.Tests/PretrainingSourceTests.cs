namespace MeLo.Data.Tests;

public sealed class PretrainingSourceTests
{
    [Fact]
    public void Has_at_least_a_hundred_distinct_classes()
    {
        Assert.True(PretrainingSource.ClassCount >= 100);
        Assert.Equal(PretrainingSource.ClassCount, PretrainingSource.ClassNames.Distinct().Count());
    }

    [Fact]
    public void An_image_depends_on_its_seed_alone()
    {
        var (first, label) = PretrainingSource.Sample(32, 11);
        var (again, labelAgain) = PretrainingSource.Sample(32, 11);
        var (other, _) = PretrainingSource.Sample(32, 12);

        Assert.Equal(label, labelAgain);
        Assert.True(first.Rgb.SequenceEqual(again.Rgb));
        Assert.False(first.Rgb.SequenceEqual(other.Rgb));
        Assert.Equal((32, 32), (first.Width, first.Height));
        foreach (float value in first.Rgb)
            Assert.InRange(value, 0f, 1f);
    }

    [Fact]
    public void Seeds_cover_every_class()
    {
        var seen = Enumerable.Range(0, 3000).Select(seed => PretrainingSource.Sample(16, seed).Label).ToHashSet();
        Assert.Equal(PretrainingSource.ClassCount, seen.Count);
    }

    [Fact]
    public void The_class_decides_how_many_patterns_there_are()
    {
        // "bright-spot", large, once vs four times, on the same nuisances (same seed): four spots add more light.
        var names = PretrainingSource.ClassNames.ToList();
        int once = names.IndexOf("bright-spot/x1/large");
        int fourTimes = names.IndexOf("bright-spot/x4/large");
        for (int seed = 0; seed < 10; seed++)
        {
            Assert.True(Brightness(PretrainingSource.Render(32, fourTimes, new Random(seed))) >
                Brightness(PretrainingSource.Render(32, once, new Random(seed))) + 10);
        }
    }

    static double Brightness(MeLo.Imaging.DecodedImage image) => image.Rgb.ToArray().Sum(v => (double)v);
}
