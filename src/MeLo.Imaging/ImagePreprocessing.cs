namespace MeLo.Imaging;

/// <summary>
/// How an image becomes model input: resized to a square of <see cref="ImageSize"/> pixels, then each channel
/// normalised as (value - mean) / std with values in [0, 1].
/// </summary>
public sealed record ImagePreprocessing
{
    public ImagePreprocessing(int imageSize, RgbValues mean, RgbValues std)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(imageSize, 1);
        if (!(std.Red > 0 && std.Green > 0 && std.Blue > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(std), std, "Standard deviations must be positive.");
        }

        ImageSize = imageSize;
        Mean = mean;
        Std = std;
    }

    public static RgbValues ImageNetMean { get; } = new(0.485f, 0.456f, 0.406f);

    public static RgbValues ImageNetStd { get; } = new(0.229f, 0.224f, 0.225f);

    /// <summary>224 px with ImageNet mean/std: what MeLo normalises every backbone with.</summary>
    public static ImagePreprocessing ImageNet { get; } = new(224, ImageNetMean, ImageNetStd);

    public int ImageSize { get; }

    public RgbValues Mean { get; }

    public RgbValues Std { get; }

    /// <summary>Floats in one CHW tensor: 3 * ImageSize * ImageSize.</summary>
    public int TensorLength => 3 * ImageSize * ImageSize;

    /// <summary>ImageNet mean/std at another size (e.g. 384 for NIH and INbreast).</summary>
    public static ImagePreprocessing ImageNetAt(int imageSize) => new(imageSize, ImageNetMean, ImageNetStd);
}
