namespace MeLo.Imaging.Tests;

public sealed class TrainingAugmentationTests
{
    [Fact]
    public void SampleCrop_IsDeterministicForASeed()
    {
        Assert.Equal(SampleCrops(seed: 7), SampleCrops(seed: 7));
        Assert.NotEqual(SampleCrops(seed: 7), SampleCrops(seed: 8));
    }

    [Fact]
    public void SampleCrop_StaysInsideTheImageWithinScaleAndRatio()
    {
        var augmentation = TrainingAugmentation.Default;
        var random = new Random(3);

        for (int i = 0; i < 2000; i++)
        {
            var crop = augmentation.SampleCrop(300, 200, random);
            double areaFraction = (double)crop.Width * crop.Height / (300 * 200);
            double ratio = (double)crop.Width / crop.Height;

            Assert.InRange(crop.X, 0, 300 - crop.Width);
            Assert.InRange(crop.Y, 0, 200 - crop.Height);
            Assert.InRange(areaFraction, 0.07, 1.0);
            Assert.InRange(ratio, 0.7, 1.4);
        }
    }

    [Fact]
    public void SampleCrop_FallsBackToTheLargestCentredCropInRange()
    {
        // A whole-image crop at ratio 1 never fits a 100x50 image, so every attempt misses.
        var augmentation = new TrainingAugmentation { ScaleMin = 1, ScaleMax = 1, RatioMin = 1, RatioMax = 1 };

        Assert.Equal(new CropRegion(25, 0, 50, 50), augmentation.SampleCrop(100, 50, new Random(0)));
    }

    [Fact]
    public void SampleCrop_RejectsInvalidRanges()
    {
        var augmentation = new TrainingAugmentation { ScaleMin = 0.5, ScaleMax = 0.2 };

        Assert.Throws<InvalidOperationException>(() => augmentation.SampleCrop(10, 10, new Random(0)));
    }

    [Fact]
    public void Apply_CropsToTheSizeAndFlipsDeterministically()
    {
        var image = Gradient(40, 30);
        var alwaysFlip = new TrainingAugmentation { ScaleMin = 1, ScaleMax = 1, RatioMin = 40 / 30.0, RatioMax = 40 / 30.0, FlipProbability = 1 };

        var flipped = alwaysFlip.Apply(image, 16, new Random(5));
        var unflipped = (alwaysFlip with { FlipProbability = 0 }).Apply(image, 16, new Random(5));
        var again = TrainingAugmentation.Default.Apply(image, 16, new Random(9));

        Assert.Equal((16, 16), (flipped.Width, flipped.Height));
        Assert.Equal(unflipped.FlipHorizontal().Rgb.ToArray(), flipped.Rgb.ToArray());
        Assert.True(flipped[0, 0, 0] > flipped[15, 0, 0]);
        Assert.Equal(TrainingAugmentation.Default.Apply(image, 16, new Random(9)).Rgb.ToArray(), again.Rgb.ToArray());
    }

    [Fact]
    public void FlipHorizontal_MirrorsPixels()
    {
        var image = Gradient(5, 2);

        var flipped = image.FlipHorizontal();

        Assert.Equal(image[0, 1, 2], flipped[4, 1, 2]);
        Assert.Equal(image.Rgb.ToArray(), flipped.FlipHorizontal().Rgb.ToArray());
    }

    private static List<CropRegion> SampleCrops(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 50).Select(_ => TrainingAugmentation.Default.SampleCrop(300, 200, random)).ToList();
    }

    private static DecodedImage Gradient(int width, int height)
    {
        var rgb = new float[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = ((y * width) + x) * 3;
                (rgb[i], rgb[i + 1], rgb[i + 2]) = ((float)x / width, (float)y / height, 0.5f);
            }
        }

        return new DecodedImage(width, height, rgb);
    }
}
