namespace MeLo.Imaging;

/// <summary>The pixel-count guard shared by the Skia and the 16-bit PNG paths.</summary>
internal static class ImageLimits
{
    public static void CheckPixelCount(int width, int height, long maxPixels)
    {
        long pixels = (long)width * height;
        if (pixels > maxPixels)
        {
            throw new ImageDecodeException(ImageDecodeError.TooLarge, $"{width}x{height} is {pixels} pixels, over the limit of {maxPixels}");
        }

        // A raised limit must still fit the decoded RGBA bytes and RGB floats in one array each.
        if (pixels * 4 > Array.MaxLength)
        {
            throw new ImageDecodeException(ImageDecodeError.TooLarge, $"{width}x{height} is too large to hold in memory as one image");
        }
    }
}
