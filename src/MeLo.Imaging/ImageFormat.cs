namespace MeLo.Imaging;

/// <summary>Encoded image formats the decoder accepts.</summary>
public enum ImageFormat
{
    Png,
    Jpeg,
    Bmp,
    Webp,

    /// <summary>DICOM Part 10 ("DICM" at byte 128), read by MeLo.Dicom and rendered to 8 bits.</summary>
    Dicom,
}
