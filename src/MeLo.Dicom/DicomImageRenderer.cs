using System.Buffers.Binary;
using SkiaSharp;

namespace MeLo.Dicom;

/// <summary>
/// Renders the first frame of a DICOM image to 8 bits: Modality LUT (rescale slope and intercept), then VOI LUT (the
/// first window, PS3.3 C.11.2.1.2; min–max of the modality values when there is none), then MONOCHROME1 inversion.
/// Colour images are converted to RGB. Thread-safe.
/// </summary>
public static class DicomImageRenderer
{
    /// <summary>Parses and renders a Part 10 file.</summary>
    /// <exception cref="DicomException">The file cannot be parsed, is not a supported image, or is over <paramref name="maxPixels"/>.</exception>
    public static RenderedImage Render(ReadOnlyMemory<byte> data, long maxPixels) => Render(DicomFileReader.Read(data), maxPixels);

    /// <inheritdoc cref="Render(ReadOnlyMemory{byte}, long)"/>
    public static RenderedImage Render(DicomFile file, long maxPixels)
    {
        var pixels = ReadPixelModule(file, maxPixels);
        try
        {
            return RenderFirstFrame(file, pixels);
        }
        catch (Exception e) when (e is not DicomException and not OutOfMemoryException)
        {
            throw new DicomException(DicomErrorKind.Malformed, $"the pixel data cannot be decoded ({e.GetType().Name})", e);
        }
    }

    /// <summary>Width, height and channels (1 or 3) of the rendered image, after the same checks as <see cref="Render(DicomFile, long)"/> but without decoding pixels.</summary>
    /// <exception cref="DicomException">As <see cref="Render(DicomFile, long)"/>, except for errors only decoding finds.</exception>
    public static (int Width, int Height, int Channels) ReadGeometry(DicomFile file, long maxPixels)
    {
        var pixels = ReadPixelModule(file, maxPixels);
        return (pixels.Columns, pixels.Rows, pixels.Samples);
    }

    private static PixelModule ReadPixelModule(DicomFile file, long maxPixels)
    {
        if (!file.TransferSyntax.IsSupported)
            throw DicomFileReader.Unsupported(file.TransferSyntax);
        if (file.Dataset.Find(DicomTags.PixelData) is null)
            throw new DicomException(DicomErrorKind.Unsupported, "the file has no Pixel Data (7FE0,0010); it is not an image");
        if (file.Dataset.Find(DicomTags.ModalityLutSequence) is { Items.Count: > 0 })
            throw new DicomException(DicomErrorKind.Unsupported, "a Modality LUT Sequence (0028,3000) is not supported; only rescale slope and intercept are");
        return PixelModule.From(file.Dataset, file.TransferSyntax, maxPixels);
    }

    private static RenderedImage RenderFirstFrame(DicomFile file, PixelModule module)
    {
        var pixelData = file.Dataset.Find(DicomTags.PixelData)!;
        switch (file.TransferSyntax.Pixels)
        {
            case PixelEncoding.Native:
                if (pixelData.Fragments is not null)
                    throw new DicomException(DicomErrorKind.Malformed, $"Pixel Data is encapsulated, but {file.TransferSyntax.Name} stores it native");
                if (pixelData.Value.Length < module.FrameBytes)
                    throw new DicomException(DicomErrorKind.Truncated,
                        $"Pixel Data holds {pixelData.Value.Length} bytes, but a {module.Columns}x{module.Rows} frame of {module.Samples} x {module.BitsAllocated}-bit samples needs {module.FrameBytes}");
                return FromSamples(file.Dataset, module, pixelData.Value.Span[..(int)module.FrameBytes], module.PlanarConfiguration);
            case PixelEncoding.Rle:
                var rle = RleDecoder.Decode(FirstFrame(pixelData, module).Span, module.Rows, module.Columns, module.Samples, module.BytesPerSample);
                return FromSamples(file.Dataset, module, rle, planarConfiguration: 0);
            default:
                return FromJpeg(file.Dataset, module, FirstFrame(pixelData, module));
        }
    }

    /// <summary>The first frame's compressed bytes: all fragments for one frame, else the Basic Offset Table's first entry, else the first fragment.</summary>
    private static ReadOnlyMemory<byte> FirstFrame(DicomElement pixelData, PixelModule module)
    {
        var fragments = pixelData.Fragments
            ?? throw new DicomException(DicomErrorKind.Malformed, "Pixel Data is not encapsulated, but the transfer syntax compresses it");
        if (fragments.Count < 2)
            throw new DicomException(DicomErrorKind.Truncated, "encapsulated Pixel Data has no fragments");
        var data = fragments.Skip(1).ToList();
        if (module.Frames == 1 || data.Count == 1)
            return data.Count == 1 ? data[0] : Concatenate(data);

        var offsetTable = fragments[0].Span;
        if (offsetTable.Length >= 8)
        {
            // Offsets count from the first fragment's item tag; each fragment adds an 8-byte item header.
            uint end = BinaryPrimitives.ReadUInt32LittleEndian(offsetTable[4..]);
            var frame = new List<ReadOnlyMemory<byte>>();
            long position = 0;
            foreach (var fragment in data)
            {
                if (position >= end)
                    break;
                frame.Add(fragment);
                position += fragment.Length + 8;
            }

            return Concatenate(frame);
        }

        return data[0];
    }

    private static ReadOnlyMemory<byte> Concatenate(List<ReadOnlyMemory<byte>> parts)
    {
        var all = new byte[parts.Sum(p => (long)p.Length)];
        long at = 0;
        foreach (var part in parts)
        {
            part.Span.CopyTo(all.AsSpan((int)at));
            at += part.Length;
        }

        return all;
    }

    private static RenderedImage FromSamples(DicomDataset dataset, PixelModule module, ReadOnlySpan<byte> frame, int planarConfiguration)
    {
        int count = module.Rows * module.Columns;
        if (module.IsMonochrome)
        {
            var values = new double[count];
            for (int i = 0; i < count; i++)
                values[i] = Sample(frame, i, module);
            return Monochrome(dataset, module, values);
        }

        var rgb = new byte[(long)count * 3];
        double scale = 255.0 / ((1L << module.BitsStored) - 1);
        for (int i = 0; i < count; i++)
        {
            for (int channel = 0; channel < 3; channel++)
            {
                int index = planarConfiguration == 0 ? (i * 3) + channel : (channel * count) + i;
                rgb[(i * 3) + channel] = ToByte(Sample(frame, index, module) * scale);
            }
        }

        if (module.Photometric == "YBR_FULL")
            YbrFullToRgb(rgb);
        return new RenderedImage(module.Columns, module.Rows, 3, rgb);
    }

    /// <summary>One stored value: the bits from high bit down to bits stored, sign-extended when pixels are signed.</summary>
    private static double Sample(ReadOnlySpan<byte> frame, int index, PixelModule module)
    {
        ulong raw = module.BytesPerSample switch
        {
            1 => frame[index],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(frame[(index * 2)..]),
            _ => BinaryPrimitives.ReadUInt32LittleEndian(frame[(index * 4)..]),
        };
        int shift = module.HighBit + 1 - module.BitsStored;
        ulong mask = (1UL << module.BitsStored) - 1;
        long value = (long)((raw >> shift) & mask);
        if (module.Signed && (value & (1L << (module.BitsStored - 1))) != 0)
            value -= 1L << module.BitsStored;
        return value;
    }

    private static RenderedImage Monochrome(DicomDataset dataset, PixelModule module, double[] values)
    {
        // Modality LUT: applied only when both attributes are present, as pydicom does.
        if (dataset.Find(DicomTags.RescaleSlope) is { Value.IsEmpty: false } slopeElement
            && dataset.Find(DicomTags.RescaleIntercept) is { Value.IsEmpty: false } interceptElement)
        {
            double slope = slopeElement.Number(), intercept = interceptElement.Number();
            for (int i = 0; i < values.Length; i++)
                values[i] = (values[i] * slope) + intercept;
        }

        var window = VoiWindow.From(dataset);
        var gray = new byte[values.Length];
        if (window is not null)
        {
            for (int i = 0; i < values.Length; i++)
                gray[i] = ToByte(window.Apply(values[i]));
        }
        else
        {
            double min = values.Min(), max = values.Max();
            double range = max - min;
            for (int i = 0; i < values.Length; i++)
                gray[i] = range > 0 ? ToByte((values[i] - min) / range * 255.0) : (byte)0;
        }

        if (module.Photometric == "MONOCHROME1")
        {
            for (int i = 0; i < gray.Length; i++)
                gray[i] = (byte)(255 - gray[i]);
        }

        return new RenderedImage(module.Columns, module.Rows, 1, gray);
    }

    private static RenderedImage FromJpeg(DicomDataset dataset, PixelModule module, ReadOnlyMemory<byte> jpeg)
    {
        bool gray = module.Samples == 1;
        var (converts, hasAdobeMarker, jfifOffset) = gray ? (false, false, -1) : JpegColorSpace.Inspect(jpeg.Span);
        // RGB samples without an Adobe marker are taken as stored, whatever the decoder would guess (as pydicom does).
        bool keepAsStored = module.Photometric == "RGB" && !hasAdobeMarker && converts;
        var bytes = keepAsStored ? JpegColorSpace.WithoutColorTransform(jpeg.Span, jfifOffset) : jpeg.ToArray();
        using var codec = SKCodec.Create(new MemoryStream(bytes, writable: false), out var result)
            ?? throw new DicomException(DicomErrorKind.Malformed, $"the JPEG frame cannot be opened ({result})");
        if (codec.Info.Width != module.Columns || codec.Info.Height != module.Rows)
            throw new DicomException(DicomErrorKind.Malformed,
                $"the JPEG frame is {codec.Info.Width}x{codec.Info.Height}, but the header says {module.Columns}x{module.Rows}");
        var info = new SKImageInfo(module.Columns, module.Rows, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, gray ? SKAlphaType.Opaque : SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var decoded = codec.GetPixels(info, bitmap.GetPixels());
        if (decoded != SKCodecResult.Success)
        {
            throw new DicomException(decoded == SKCodecResult.IncompleteInput ? DicomErrorKind.Truncated : DicomErrorKind.Malformed,
                $"the JPEG frame cannot be decoded ({decoded})");
        }

        var pixels = bitmap.GetPixelSpan();
        int count = module.Rows * module.Columns;
        if (gray)
        {
            var values = new double[count];
            for (int i = 0; i < count; i++)
                values[i] = pixels[i];
            return Monochrome(dataset, module, values);
        }

        var rgb = new byte[(long)count * 3];
        for (int i = 0; i < count; i++)
        {
            rgb[i * 3] = pixels[i * 4];
            rgb[(i * 3) + 1] = pixels[(i * 4) + 1];
            rgb[(i * 3) + 2] = pixels[(i * 4) + 2];
        }

        // YBR samples the decoder left alone (an Adobe marker saying "no transform", or ids R, G, B) are converted here.
        if (module.Photometric != "RGB" && !converts)
            YbrFullToRgb(rgb);
        return new RenderedImage(module.Columns, module.Rows, 3, rgb);
    }

    /// <summary>YBR_FULL to RGB in place (PS3.3 C.7.6.3.1.2, full-range ITU-R BT.601).</summary>
    private static void YbrFullToRgb(byte[] pixels)
    {
        for (int i = 0; i < pixels.Length; i += 3)
        {
            double y = pixels[i], cb = pixels[i + 1] - 128.0, cr = pixels[i + 2] - 128.0;
            pixels[i] = ToByte(y + (1.402 * cr));
            pixels[i + 1] = ToByte(y - (0.344136 * cb) - (0.714136 * cr));
            pixels[i + 2] = ToByte(y + (1.772 * cb));
        }
    }

    private static byte ToByte(double value) => (byte)Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), 0, 255);
}
