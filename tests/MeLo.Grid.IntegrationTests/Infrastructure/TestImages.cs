using SkiaSharp;

namespace MeLo.Grid.IntegrationTests.Infrastructure;

/// <summary>Small deterministic images (not medical data); sizes differ from the backbone's so the gateway resizes.</summary>
static class TestImages
{
    public static byte[] Png(int seed, int size = 80)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
                bitmap.SetPixel(x, y, new SKColor((byte)random.Next(256), (byte)((x * 3 + y) % 256), (byte)random.Next(256)));
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    /// <summary>A normalised CHW tensor of random values, as a client that preprocesses itself would send.</summary>
    public static float[] Tensor(int seed, int size)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, 3 * size * size).Select(_ => (float)(random.NextDouble() * 4 - 2))];
    }
}
