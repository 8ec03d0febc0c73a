using MeLo.Imaging;
using SkiaSharp;

namespace MeLo.Data;

/// <summary>
/// A float image with a few anti-aliased primitives, in unit coordinates (0..1 across the image) so every
/// pattern keeps its proportions at any image size. Pure managed arithmetic: output depends only on inputs.
/// </summary>
internal sealed class SyntheticCanvas
{
    private readonly float[][] _planes;

    public SyntheticCanvas(int size, int channels, Shade background)
    {
        Size = size;
        _planes = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            _planes[c] = new float[size * size];
            Array.Fill(_planes[c], background[c]);
        }
    }

    public int Size { get; }

    private double Pixel => 1.0 / Size;

    /// <summary>Blends a filled, rotated ellipse; <paramref name="softness"/> widens its edge (fraction of the radius).</summary>
    public void Ellipse(double cx, double cy, double rx, double ry, double angle, Shade color, double opacity = 1, double softness = 0)
    {
        double edge = Math.Max(softness, Pixel / Math.Max(Math.Min(rx, ry), Pixel));
        double reach = (Math.Max(rx, ry) * (1 + edge)) + Pixel;
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        ForEachPixel(cx, cy, reach, reach, (x, y) =>
        {
            double dx = x - cx, dy = y - cy;
            double u = ((dx * cos) + (dy * sin)) / rx;
            double v = ((-dx * sin) + (dy * cos)) / ry;
            double distance = Math.Sqrt((u * u) + (v * v));
            return opacity * Math.Clamp(((1 - distance) / edge) + 0.5, 0, 1);
        }, color);
    }

    /// <summary>Adds a Gaussian spot of peak <paramref name="amplitude"/> (negative darkens).</summary>
    public void Gaussian(double cx, double cy, double sigma, double amplitude)
    {
        double reach = (3 * sigma) + Pixel;
        for (int c = 0; c < _planes.Length; c++)
        {
            var plane = _planes[c];
            Visit(cx, cy, reach, reach, (x, y, index) =>
            {
                double dx = x - cx, dy = y - cy;
                plane[index] += (float)(amplitude * Math.Exp(-((dx * dx) + (dy * dy)) / (2 * sigma * sigma)));
            });
        }
    }

    /// <summary>Blends a segment at least one pixel wide.</summary>
    public void Line(double x0, double y0, double x1, double y1, double width, Shade color, double opacity = 1)
    {
        double half = Math.Max(width, Pixel) / 2;
        double lengthSquared = Math.Max(((x1 - x0) * (x1 - x0)) + ((y1 - y0) * (y1 - y0)), 1e-12);
        double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
        ForEachPixel(cx, cy, (Math.Abs(x1 - x0) / 2) + half + Pixel, (Math.Abs(y1 - y0) / 2) + half + Pixel, (x, y) =>
        {
            double t = Math.Clamp((((x - x0) * (x1 - x0)) + ((y - y0) * (y1 - y0))) / lengthSquared, 0, 1);
            double dx = x - (x0 + (t * (x1 - x0))), dy = y - (y0 + (t * (y1 - y0)));
            double distance = Math.Sqrt((dx * dx) + (dy * dy));
            return opacity * Math.Clamp(((half - distance) / Pixel) + 0.5, 0, 1);
        }, color);
    }

    /// <summary>Adds zero-mean noise of standard deviation <paramref name="sigma"/> per pixel and channel.</summary>
    public void Noise(Random random, double sigma)
    {
        // Triangular (sum of two uniforms): noise shape does not matter here, and it is far cheaper than Box-Muller.
        double scale = sigma * Math.Sqrt(6);
        foreach (var plane in _planes)
        {
            for (int i = 0; i < plane.Length; i++)
            {
                plane[i] += (float)((random.NextDouble() + random.NextDouble() - 1) * scale);
            }
        }
    }

    /// <summary>The canvas as an RGB image (grayscale repeated in every channel), values clamped to [0, 1]; no PNG round trip.</summary>
    public DecodedImage ToImage()
    {
        var rgb = new float[Size * Size * 3];
        for (int i = 0; i < Size * Size; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                rgb[(i * 3) + c] = Math.Clamp(_planes[Math.Min(c, _planes.Length - 1)][i], 0f, 1f);
            }
        }

        return new DecodedImage(Size, Size, rgb);
    }

    /// <summary>8-bit PNG: grayscale for one channel, RGB for three.</summary>
    public byte[] EncodePng()
    {
        bool gray = _planes.Length == 1;
        var info = new SKImageInfo(Size, Size, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        var pixels = bitmap.GetPixelSpan();
        int bytesPerPixel = gray ? 1 : 4;
        for (int y = 0; y < Size; y++)
        {
            for (int x = 0; x < Size; x++)
            {
                int target = (y * bitmap.RowBytes) + (x * bytesPerPixel);
                for (int c = 0; c < _planes.Length; c++)
                {
                    pixels[target + c] = (byte)Math.Round(Math.Clamp(_planes[c][(y * Size) + x], 0f, 1f) * 255);
                }

                if (!gray)
                {
                    pixels[target + 3] = 255;
                }
            }
        }

        // Noisy pixels barely compress, so the cheapest filter and zlib level cost little space and save much time.
        using var pixmap = bitmap.PeekPixels();
        using var png = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Sub, 1))
            ?? throw new InvalidOperationException("Skia could not encode a PNG.");
        return png.ToArray();
    }

    private void ForEachPixel(double cx, double cy, double reachX, double reachY, Func<double, double, double> coverage, Shade color)
    {
        Visit(cx, cy, reachX, reachY, (x, y, index) =>
        {
            double alpha = coverage(x, y);
            if (alpha <= 0)
            {
                return;
            }

            for (int c = 0; c < _planes.Length; c++)
            {
                _planes[c][index] += (float)(alpha * (color[c] - _planes[c][index]));
            }
        });
    }

    /// <summary>Calls <paramref name="visit"/> with the unit-space centre and index of each pixel in the box.</summary>
    private void Visit(double cx, double cy, double reachX, double reachY, Action<double, double, int> visit)
    {
        int x0 = Math.Max(0, (int)Math.Floor((cx - reachX) * Size));
        int x1 = Math.Min(Size - 1, (int)Math.Ceiling((cx + reachX) * Size));
        int y0 = Math.Max(0, (int)Math.Floor((cy - reachY) * Size));
        int y1 = Math.Min(Size - 1, (int)Math.Ceiling((cy + reachY) * Size));
        for (int py = y0; py <= y1; py++)
        {
            for (int px = x0; px <= x1; px++)
            {
                visit((px + 0.5) * Pixel, (py + 0.5) * Pixel, (py * Size) + px);
            }
        }
    }
}
