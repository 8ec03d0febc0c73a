namespace MeLo.Imaging;

/// <summary>
/// Resizes with PIL's anti-aliased bilinear filter (the filter torchvision's Resize applies to PIL images):
/// a triangle kernel widened by the downscale factor, so large radiographs shrink without aliasing.
/// Done in managed code because Skia's linear sampling aliases when downscaling unless mipmapped, and its
/// mipmaps exist only for 8-bit and half-float images, which would lose 16-bit precision.
/// </summary>
public static class ImageResizer
{
    /// <summary>Resizes to exactly <paramref name="width"/> x <paramref name="height"/> (aspect ratio is not kept).</summary>
    public static DecodedImage Resize(DecodedImage image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (width == image.Width && height == image.Height)
        {
            return image;
        }

        float[] pixels = image.Rgb.ToArray();
        if (width != image.Width)
        {
            pixels = ResampleRows(pixels, image.Width, image.Height, width);
        }

        if (height != image.Height)
        {
            pixels = ResampleColumns(pixels, width, image.Height, height);
        }

        return new DecodedImage(width, height, pixels);
    }

    /// <summary>Crops <paramref name="region"/> and resizes it; the crop's edges do not blend in outside pixels.</summary>
    public static DecodedImage CropAndResize(DecodedImage image, CropRegion region, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Resize(image.Crop(region), width, height);
    }

    private static float[] ResampleRows(float[] source, int inWidth, int rows, int outWidth)
    {
        var kernel = Kernel.For(inWidth, outWidth);
        var result = new float[(long)outWidth * rows * 3];
        for (int y = 0; y < rows; y++)
        {
            long inRow = (long)y * inWidth * 3;
            long outRow = (long)y * outWidth * 3;
            for (int x = 0; x < outWidth; x++)
            {
                double red = 0, green = 0, blue = 0;
                int first = kernel.First[x];
                for (int tap = 0; tap < kernel.Count[x]; tap++)
                {
                    double weight = kernel.Weights[(x * kernel.Stride) + tap];
                    long at = inRow + ((first + tap) * 3L);
                    red += weight * source[at];
                    green += weight * source[at + 1];
                    blue += weight * source[at + 2];
                }

                long to = outRow + (x * 3L);
                result[to] = (float)red;
                result[to + 1] = (float)green;
                result[to + 2] = (float)blue;
            }
        }

        return result;
    }

    private static float[] ResampleColumns(float[] source, int width, int inHeight, int outHeight)
    {
        var kernel = Kernel.For(inHeight, outHeight);
        int rowLength = width * 3;
        var result = new float[(long)outHeight * rowLength];
        var accumulator = new double[rowLength];
        for (int y = 0; y < outHeight; y++)
        {
            Array.Clear(accumulator);
            for (int tap = 0; tap < kernel.Count[y]; tap++)
            {
                double weight = kernel.Weights[(y * kernel.Stride) + tap];
                long inRow = (long)(kernel.First[y] + tap) * rowLength;
                for (int i = 0; i < rowLength; i++)
                {
                    accumulator[i] += weight * source[inRow + i];
                }
            }

            long outRow = (long)y * rowLength;
            for (int i = 0; i < rowLength; i++)
            {
                result[outRow + i] = (float)accumulator[i];
            }
        }

        return result;
    }

    /// <summary>Per output index: the first input index, how many inputs contribute, and their normalised weights.</summary>
    private sealed record Kernel(int[] First, int[] Count, double[] Weights, int Stride)
    {
        public static Kernel For(int inSize, int outSize)
        {
            double scale = (double)inSize / outSize;
            double filterScale = Math.Max(scale, 1.0);
            double support = filterScale; // The triangle kernel reaches 1 input pixel, widened when shrinking.
            int stride = (int)Math.Ceiling(support * 2) + 1;
            var first = new int[outSize];
            var count = new int[outSize];
            var weights = new double[outSize * stride];
            for (int o = 0; o < outSize; o++)
            {
                double center = (o + 0.5) * scale;
                int from = Math.Max((int)(center - support + 0.5), 0);
                int to = Math.Min((int)(center + support + 0.5), inSize);
                double total = 0;
                for (int i = from; i < to; i++)
                {
                    double weight = Math.Max(0, 1 - Math.Abs((i - center + 0.5) / filterScale));
                    weights[(o * stride) + i - from] = weight;
                    total += weight;
                }

                for (int i = 0; i < to - from && total > 0; i++)
                {
                    weights[(o * stride) + i] /= total;
                }

                first[o] = from;
                count[o] = to - from;
            }

            return new Kernel(first, count, weights, stride);
        }
    }
}
