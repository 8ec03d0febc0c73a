namespace MeLo.Dicom;

/// <summary>
/// Colour handling of 3-component JPEG frames. libjpeg (inside Skia) converts from YCbCr unless the markers say RGB: a
/// JFIF marker means YCbCr; an Adobe marker's transform flag decides; otherwise component ids 'R','G','B' mean RGB and
/// anything else YCbCr. DICOM's photometric interpretation says what the samples really are, so an RGB frame without
/// an Adobe marker is decoded as is (as pydicom does), and YBR samples the decoder left alone are converted afterwards.
/// </summary>
internal static class JpegColorSpace
{
    /// <summary>What the markers before the frame header say.</summary>
    public static (bool DecoderConverts, bool HasAdobeMarker, int JfifOffset) Inspect(ReadOnlySpan<byte> jpeg)
    {
        int jfif = -1;
        int? adobeTransform = null;
        int position = 2; // after SOI
        while (position + 4 <= jpeg.Length && jpeg[position] == 0xFF)
        {
            byte marker = jpeg[position + 1];
            int length = (jpeg[position + 2] << 8) | jpeg[position + 3];
            if (length < 2 || position + 2 + length > jpeg.Length)
                break;
            var segment = jpeg.Slice(position + 4, length - 2);
            if (marker == 0xE0 && segment.StartsWith("JFIF\0"u8))
            {
                jfif = position + 4;
            }
            else if (marker == 0xEE && segment.Length >= 12 && segment.StartsWith("Adobe"u8))
            {
                adobeTransform = segment[11];
            }
            else if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                bool converts = jfif >= 0 || (adobeTransform is { } transform
                    ? transform != 0
                    : !(segment.Length >= 15 && segment[6] == 'R' && segment[9] == 'G' && segment[12] == 'B'));
                return (converts, adobeTransform is not null, jfif);
            }

            position += 2 + length;
        }

        return (true, adobeTransform is not null, jfif);
    }

    /// <summary>
    /// A copy the decoder will not colour-convert: an Adobe marker with transform 0 after SOI, and the JFIF marker (if
    /// any) renamed so that it no longer claims YCbCr. The entropy-coded data is untouched.
    /// </summary>
    public static byte[] WithoutColorTransform(ReadOnlySpan<byte> jpeg, int jfifOffset)
    {
        ReadOnlySpan<byte> adobe = [0xFF, 0xEE, 0x00, 0x0E, (byte)'A', (byte)'d', (byte)'o', (byte)'b', (byte)'e', 0x00, 0x64, 0, 0, 0, 0, 0];
        var copy = new byte[jpeg.Length + adobe.Length];
        jpeg[..2].CopyTo(copy);
        adobe.CopyTo(copy.AsSpan(2));
        jpeg[2..].CopyTo(copy.AsSpan(2 + adobe.Length));
        if (jfifOffset >= 0)
            copy[jfifOffset + adobe.Length + 3] = (byte)'X';
        return copy;
    }
}
