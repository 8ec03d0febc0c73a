using SkiaSharp;

namespace MeLo.Data.Tests;

/// <summary>Lays out image files in a <see cref="TempDirectory"/>.</summary>
static class TempDirectoryImages
{
    /// <summary>Writes a small valid PNG whose grey level is <paramref name="level"/>.</summary>
    public static string Png(this TempDirectory directory, string relative, byte level = 128)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(4, 4, SKColorType.Gray8, SKAlphaType.Opaque));
        bitmap.Erase(new SKColor(level, level, level));
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100) ?? throw new InvalidOperationException("PNG encoding failed.");
        return directory.Write(relative, png.ToArray());
    }
}
