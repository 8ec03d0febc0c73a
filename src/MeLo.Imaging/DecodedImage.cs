namespace MeLo.Imaging;

/// <summary>
/// A decoded RGB image: channel values in [0, 1] (pixel / max value of its bit depth), stored row-major with
/// channels interleaved (HWC: index (y * Width + x) * 3 + channel). Immutable; operations return new images.
/// </summary>
public sealed class DecodedImage
{
    private readonly float[] _rgb;

    /// <summary>Wraps <paramref name="rgb"/> (HWC, length width * height * 3) without copying; the caller hands it over.</summary>
    public DecodedImage(int width, int height, float[] rgb)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentNullException.ThrowIfNull(rgb);
        if (rgb.LongLength != (long)width * height * 3)
        {
            throw new ArgumentException($"Expected {(long)width * height * 3} values for {width}x{height} RGB, got {rgb.LongLength}.", nameof(rgb));
        }

        Width = width;
        Height = height;
        _rgb = rgb;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Interleaved RGB values (HWC).</summary>
    public ReadOnlySpan<float> Rgb => _rgb;

    /// <summary>The value of one channel (0 = red, 1 = green, 2 = blue) at (x, y).</summary>
    public float this[int x, int y, int channel]
    {
        get
        {
            if ((uint)x >= (uint)Width || (uint)y >= (uint)Height || (uint)channel > 2)
            {
                throw new ArgumentOutOfRangeException(nameof(x), $"({x}, {y}, {channel}) is outside a {Width}x{Height} RGB image.");
            }

            return _rgb[((y * Width) + x) * 3 + channel];
        }
    }

    /// <summary>Copies the pixels inside <paramref name="region"/>, which must lie within the image.</summary>
    public DecodedImage Crop(CropRegion region)
    {
        if (region.Width < 1 || region.Height < 1 || region.X < 0 || region.Y < 0
            || region.X + region.Width > Width || region.Y + region.Height > Height)
        {
            throw new ArgumentOutOfRangeException(nameof(region), region, $"Crop region must lie within the {Width}x{Height} image.");
        }

        if (region.Width == Width && region.Height == Height)
        {
            return this;
        }

        var cropped = new float[region.Width * region.Height * 3];
        int rowLength = region.Width * 3;
        for (int y = 0; y < region.Height; y++)
        {
            _rgb.AsSpan((((region.Y + y) * Width) + region.X) * 3, rowLength).CopyTo(cropped.AsSpan(y * rowLength, rowLength));
        }

        return new DecodedImage(region.Width, region.Height, cropped);
    }

    /// <summary>Mirrors the image left to right.</summary>
    public DecodedImage FlipHorizontal()
    {
        var flipped = new float[_rgb.Length];
        for (int y = 0; y < Height; y++)
        {
            int row = y * Width;
            for (int x = 0; x < Width; x++)
            {
                int from = (row + x) * 3;
                int to = (row + Width - 1 - x) * 3;
                flipped[to] = _rgb[from];
                flipped[to + 1] = _rgb[from + 1];
                flipped[to + 2] = _rgb[from + 2];
            }
        }

        return new DecodedImage(Width, Height, flipped);
    }
}
