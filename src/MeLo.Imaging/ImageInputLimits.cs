namespace MeLo.Imaging;

/// <summary>
/// What an encoded image may declare before any pixel is decoded: its size in bytes, its pixels per side, its total
/// pixels and its aspect ratio. Checked from the header alone, so a small file declaring a huge image (a decompression
/// bomb) costs a header read, not an allocation.
/// </summary>
public sealed record ImageInputLimits
{
    /// <summary>No limit beyond the decoder's pixel count (training data, files on the user's own disk).</summary>
    public static ImageInputLimits Unbounded { get; } = new()
    {
        MaxBytes = long.MaxValue, MaxPixelsPerSide = int.MaxValue, MaxPixels = ImageDecoder.DefaultMaxPixels, MaxAspectRatio = double.PositiveInfinity,
    };

    /// <summary>Largest encoded image.</summary>
    public long MaxBytes { get; init; } = 32L << 20;

    /// <summary>Most pixels along either side.</summary>
    public int MaxPixelsPerSide { get; init; } = 10_000;

    /// <summary>Most pixels in all (a 5000x6000 mammogram is 30 M).</summary>
    public long MaxPixels { get; init; } = 40_000_000;

    /// <summary>Largest ratio of the longer side to the shorter one.</summary>
    public double MaxAspectRatio { get; init; } = 8;

    /// <exception cref="ImageDecodeException">TooLarge, naming the limit the image exceeds.</exception>
    public void Check(ImageHeader header, long byteCount)
    {
        if (byteCount > MaxBytes)
        {
            throw new ImageDecodeException(ImageDecodeError.TooLarge, $"{byteCount} bytes exceed the limit of {MaxBytes} bytes per image");
        }

        if (header.Width > MaxPixelsPerSide || header.Height > MaxPixelsPerSide)
        {
            throw new ImageDecodeException(ImageDecodeError.TooLarge, $"{header.Width}x{header.Height} exceeds the limit of {MaxPixelsPerSide} pixels per side");
        }

        ImageLimits.CheckPixelCount(header.Width, header.Height, MaxPixels);
        double ratio = (double)Math.Max(header.Width, header.Height) / Math.Min(header.Width, header.Height);
        if (ratio > MaxAspectRatio)
        {
            throw new ImageDecodeException(ImageDecodeError.TooLarge, $"{header.Width}x{header.Height} exceeds the aspect ratio limit of {MaxAspectRatio}:1");
        }
    }
}
