using SkiaSharp;

namespace MeLo.Dicom;

/// <summary>A rendered frame: 8-bit gray (1 channel) or RGB (3 channels, interleaved), row-major.</summary>
public sealed class RenderedImage
{
    public RenderedImage(int width, int height, int channels, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (channels is not (1 or 3))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "1 (gray) or 3 (RGB).");
        if (pixels.LongLength != (long)width * height * channels)
            throw new ArgumentException($"Expected {(long)width * height * channels} bytes, got {pixels.LongLength}.", nameof(pixels));
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>1 for gray, 3 for RGB.</summary>
    public int Channels { get; }

    public byte[] Pixels { get; }

    /// <summary>An 8-bit gray or RGB PNG of the frame.</summary>
    public byte[] EncodePng()
    {
        var info = new SKImageInfo(Width, Height, Channels == 1 ? SKColorType.Gray8 : SKColorType.Rgb888x, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        var target = bitmap.GetPixelSpan();
        if (Channels == 1)
        {
            Pixels.CopyTo(target);
        }
        else
        {
            for (long pixel = 0, count = (long)Width * Height; pixel < count; pixel++)
            {
                target[(int)(pixel * 4)] = Pixels[pixel * 3];
                target[(int)(pixel * 4) + 1] = Pixels[(pixel * 3) + 1];
                target[(int)(pixel * 4) + 2] = Pixels[(pixel * 3) + 2];
                target[(int)(pixel * 4) + 3] = 255;
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException("Skia could not encode the PNG.");
        return data.ToArray();
    }
}
