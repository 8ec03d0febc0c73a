namespace MeLo.Imaging;

/// <summary>
/// Training-time augmentation as torchvision's RandomResizedCrop followed by RandomHorizontalFlip, with the same
/// defaults and the same sampling procedure. Deterministic for a given <see cref="Random"/> state.
/// </summary>
public sealed record TrainingAugmentation
{
    public static TrainingAugmentation Default { get; } = new();

    /// <summary>Smallest crop area as a fraction of the image.</summary>
    public double ScaleMin { get; init; } = 0.08;

    /// <summary>Largest crop area as a fraction of the image.</summary>
    public double ScaleMax { get; init; } = 1.0;

    /// <summary>Smallest crop aspect ratio (width / height).</summary>
    public double RatioMin { get; init; } = 3.0 / 4.0;

    /// <summary>Largest crop aspect ratio (width / height).</summary>
    public double RatioMax { get; init; } = 4.0 / 3.0;

    public double FlipProbability { get; init; } = 0.5;

    /// <summary>
    /// Picks a crop with a random area fraction and log-uniform aspect ratio; after 10 misses it falls back to
    /// the largest centred crop within the ratio range, as torchvision does.
    /// </summary>
    public CropRegion SampleCrop(int width, int height, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentNullException.ThrowIfNull(random);
        Validate();

        double area = (double)width * height;
        double logRatioMin = Math.Log(RatioMin);
        double logRatioMax = Math.Log(RatioMax);
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double targetArea = area * Uniform(random, ScaleMin, ScaleMax);
            double aspectRatio = Math.Exp(Uniform(random, logRatioMin, logRatioMax));
            int cropWidth = (int)Math.Round(Math.Sqrt(targetArea * aspectRatio));
            int cropHeight = (int)Math.Round(Math.Sqrt(targetArea / aspectRatio));
            if (cropWidth > 0 && cropWidth <= width && cropHeight > 0 && cropHeight <= height)
            {
                int top = random.Next(0, height - cropHeight + 1);
                int left = random.Next(0, width - cropWidth + 1);
                return new CropRegion(left, top, cropWidth, cropHeight);
            }
        }

        double inputRatio = (double)width / height;
        int w = width, h = height;
        if (inputRatio < RatioMin)
        {
            h = Math.Max(1, (int)Math.Round(width / RatioMin));
        }
        else if (inputRatio > RatioMax)
        {
            w = Math.Max(1, (int)Math.Round(height * RatioMax));
        }

        return new CropRegion((width - w) / 2, (height - h) / 2, w, h);
    }

    /// <summary>Random resized crop to <paramref name="size"/> x <paramref name="size"/>, then a random horizontal flip.</summary>
    public DecodedImage Apply(DecodedImage image, int size, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        var crop = SampleCrop(image.Width, image.Height, random);
        var resized = ImageResizer.CropAndResize(image, crop, size, size);
        return random.NextDouble() < FlipProbability ? resized.FlipHorizontal() : resized;
    }

    private static double Uniform(Random random, double min, double max) => min + ((max - min) * random.NextDouble());

    private void Validate()
    {
        if (!(ScaleMin > 0 && ScaleMin <= ScaleMax && ScaleMax <= 1))
        {
            throw new InvalidOperationException($"Scale range must satisfy 0 < min <= max <= 1, got [{ScaleMin}, {ScaleMax}].");
        }

        if (!(RatioMin > 0 && RatioMin <= RatioMax))
        {
            throw new InvalidOperationException($"Ratio range must satisfy 0 < min <= max, got [{RatioMin}, {RatioMax}].");
        }

        if (!(FlipProbability is >= 0 and <= 1))
        {
            throw new InvalidOperationException($"Flip probability must be within [0, 1], got {FlipProbability}.");
        }
    }
}
