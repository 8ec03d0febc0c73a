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
    public void The_class_decides_where_the_pattern_is()
    {
        // "bright-spot" at upper-left vs lower-right, large, on many draws: the brighter half of the image follows the class.
        int upperLeft = PretrainingSource.ClassNames.ToList().IndexOf("bright-spot/upper-left/large");
        int lowerRight = PretrainingSource.ClassNames.ToList().IndexOf("bright-spot/lower-right/large");
        for (int seed = 0; seed < 10; seed++)
        {
            Assert.True(TopMinusBottom(PretrainingSource.Render(32, upperLeft, new Random(seed))) >
                TopMinusBottom(PretrainingSource.Render(32, lowerRight, new Random(seed))));
        }
    }

    static double TopMinusBottom(MeLo.Imaging.DecodedImage image)
    {
        double top = 0, bottom = 0;
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
                (y < image.Height / 2 ? ref top : ref bottom) += image[x, y, 0];
        return top - bottom;
    }
}
