namespace MeLo.Imaging;

/// <summary>Encoded image formats the decoder accepts.</summary>
public enum ImageFormat
{
    Png,
    Jpeg,
    Bmp,
    Webp,
}
