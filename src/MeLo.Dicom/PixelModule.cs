namespace MeLo.Dicom;

/// <summary>The Image Pixel module attributes rendering needs, validated against what this reader decodes.</summary>
internal sealed record PixelModule(
    int Rows, int Columns, int Samples, string Photometric, int BitsAllocated, int BitsStored, int HighBit, bool Signed, int PlanarConfiguration, int Frames)
{
    public int BytesPerSample => BitsAllocated / 8;

    public long FrameBytes => (long)Rows * Columns * Samples * BytesPerSample;

    public bool IsMonochrome => Photometric is "MONOCHROME1" or "MONOCHROME2";

    public static PixelModule From(DicomDataset dataset, TransferSyntax syntax, long maxPixels)
    {
        int rows = Integer(dataset, DicomTags.Rows), columns = Integer(dataset, DicomTags.Columns);
        if (rows < 1 || columns < 1)
            throw Malformed($"the image is {columns}x{rows}");
        long pixels = (long)rows * columns;
        if (pixels > maxPixels)
            throw new DicomException(DicomErrorKind.TooLarge, $"{columns}x{rows} is {pixels} pixels, over the limit of {maxPixels}");

        int samples = (int)dataset.NumberOr(DicomTags.SamplesPerPixel, 1);
        var photometric = dataset.Require(DicomTags.PhotometricInterpretation).Text().Trim().ToUpperInvariant();
        int bitsAllocated = Integer(dataset, DicomTags.BitsAllocated);
        int bitsStored = (int)dataset.NumberOr(DicomTags.BitsStored, bitsAllocated);
        int highBit = (int)dataset.NumberOr(DicomTags.HighBit, bitsStored - 1);
        int representation = (int)dataset.NumberOr(DicomTags.PixelRepresentation, 0);
        int planar = samples > 1 ? (int)dataset.NumberOr(DicomTags.PlanarConfiguration, 0) : 0;
        int frames = (int)dataset.NumberOr(DicomTags.NumberOfFrames, 1);

        bool expectsColour = photometric switch
        {
            "MONOCHROME1" or "MONOCHROME2" => false,
            "RGB" or "YBR_FULL" => true,
            // Chroma-subsampled YBR is only decoded inside JPEG, where the codec upsamples it.
            "YBR_FULL_422" when syntax.Pixels == PixelEncoding.JpegBaseline => true,
            _ => throw new DicomException(DicomErrorKind.Unsupported,
                $"photometric interpretation {Printable(photometric)} is not supported{(syntax.Pixels == PixelEncoding.JpegBaseline ? "" : $" in {syntax.Name}")}; supported: MONOCHROME1, MONOCHROME2, RGB, YBR_FULL, and YBR_FULL_422 in JPEG"),
        };
        if (samples != (expectsColour ? 3 : 1))
            throw Malformed($"{Printable(photometric)} needs {(expectsColour ? 3 : 1)} samples per pixel, the file has {samples}");
        if (bitsAllocated is not (8 or 16 or 32))
            throw new DicomException(DicomErrorKind.Unsupported, $"{bitsAllocated} bits allocated is not supported (8, 16 or 32)");
        if (bitsStored < 1 || bitsStored > bitsAllocated || highBit < bitsStored - 1 || highBit >= bitsAllocated)
            throw Malformed($"bits stored {bitsStored} and high bit {highBit} do not fit {bitsAllocated} bits allocated");
        if (representation is not (0 or 1) || planar is not (0 or 1) || frames < 1)
            throw Malformed($"pixel representation {representation}, planar configuration {planar} or number of frames {frames} is invalid");
        if (syntax.Pixels == PixelEncoding.JpegBaseline && bitsAllocated != 8)
            throw new DicomException(DicomErrorKind.Unsupported, $"JPEG Baseline holds 8-bit samples; the file declares {bitsAllocated} bits allocated");
        return new PixelModule(rows, columns, samples, photometric, bitsAllocated, bitsStored, highBit, representation == 1, planar, frames);
    }

    private static int Integer(DicomDataset dataset, uint tag)
    {
        double value = dataset.Require(tag).Number();
        return value is >= 0 and <= int.MaxValue ? (int)value : throw Malformed($"{DicomDictionary.Describe(tag)} is out of range");
    }

    // Photometric interpretation is a defined term, not PHI; only printable, short values are echoed.
    private static string Printable(string value) =>
        value.Length <= 16 && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? value : "(invalid value)";

    private static DicomException Malformed(string message) => new(DicomErrorKind.Malformed, message);
}
