using MeLo.Dicom;

namespace MeLo.Imaging;

/// <summary>The bridge from MeLo.Dicom's 8-bit rendering to <see cref="DecodedImage"/>, and from its errors to <see cref="ImageDecodeException"/>.</summary>
internal static class DicomImages
{
    /// <summary>True when the stream holds "DICM" at byte 128; the position is restored.</summary>
    public static bool HasSignature(Stream stream)
    {
        if (stream.Length < 132)
        {
            return false;
        }

        long position = stream.Position;
        var signature = new byte[132];
        stream.Position = 0;
        stream.ReadExactly(signature);
        stream.Position = position;
        return DicomFileReader.HasPart10Signature(signature);
    }

    public static ImageHeader ReadHeader(byte[] data, long maxPixels) => Translate(() =>
    {
        var (width, height, channels) = DicomImageRenderer.ReadGeometry(DicomFileReader.Read(data), maxPixels);
        return new ImageHeader(ImageFormat.Dicom, width, height, BitsPerChannel: 8, IsGrayscale: channels == 1);
    });

    public static DecodedImage Decode(byte[] data, long maxPixels) => Translate(() =>
    {
        var image = DicomImageRenderer.Render(data, maxPixels);
        var rgb = new float[(long)image.Width * image.Height * 3];
        var pixels = image.Pixels;
        for (long i = 0; i < rgb.LongLength; i++)
        {
            // Gray is replicated to three channels, as for grayscale PNG.
            rgb[i] = pixels[image.Channels == 3 ? i : i / 3] / 255f;
        }

        return new DecodedImage(image.Width, image.Height, rgb);
    });

    private static T Translate<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (DicomException e)
        {
            var reason = e.Kind switch
            {
                DicomErrorKind.Truncated => ImageDecodeError.Truncated,
                DicomErrorKind.Unsupported => ImageDecodeError.UnsupportedFormat,
                DicomErrorKind.TooLarge => ImageDecodeError.TooLarge,
                _ => ImageDecodeError.Corrupt,
            };
            throw new ImageDecodeException(reason, $"DICOM: {e.Message}", innerException: e);
        }
    }
}
