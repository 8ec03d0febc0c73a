namespace MeLo.Imaging;

/// <summary>What an image's header says, read without decoding its pixels.</summary>
/// <param name="BitsPerChannel">8, or 16 for 16-bit PNG.</param>
/// <param name="IsGrayscale">The file stores one colour channel; it decodes to three equal channels.</param>
public sealed record ImageHeader(ImageFormat Format, int Width, int Height, int BitsPerChannel, bool IsGrayscale)
{
    public long PixelCount => (long)Width * Height;

    /// <summary>An interlaced (Adam7) PNG.</summary>
    public bool Interlaced { get; init; }
}
