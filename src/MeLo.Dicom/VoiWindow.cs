namespace MeLo.Dicom;

/// <summary>The first VOI window of a data set and its function (PS3.3 C.11.2.1.2–3), mapping modality values to 0..255.</summary>
internal sealed record VoiWindow(double Center, double Width, string Function)
{
    /// <summary>The window, or null when the data set has none.</summary>
    public static VoiWindow? From(DicomDataset dataset)
    {
        if (dataset.Find(DicomTags.WindowCenter) is not { NumberCount: > 0 } center
            || dataset.Find(DicomTags.WindowWidth) is not { NumberCount: > 0 } width)
            return null;
        var function = dataset.Find(DicomTags.VoiLutFunction) is { Value.IsEmpty: false } f ? f.Text().Trim().ToUpperInvariant() : "LINEAR";
        var window = new VoiWindow(center.Number(), width.Number(), function);
        switch (function)
        {
            case "LINEAR" when window.Width < 1:
                throw new DicomException(DicomErrorKind.Malformed, "Window Width (0028,1051) is below 1 for the LINEAR function");
            case "LINEAR_EXACT" or "SIGMOID" when window.Width <= 0:
                throw new DicomException(DicomErrorKind.Malformed, $"Window Width (0028,1051) is not positive for the {function} function");
            case "LINEAR" or "LINEAR_EXACT" or "SIGMOID":
                return window;
            default:
                throw new DicomException(DicomErrorKind.Unsupported, "VOI LUT Function (0028,1056) is not LINEAR, LINEAR_EXACT or SIGMOID");
        }
    }

    public double Apply(double x)
    {
        if (Function == "SIGMOID")
            return 255.0 / (1 + Math.Exp(-4 * (x - Center) / Width));
        // LINEAR shifts the window by half a value and narrows it by one (C.11.2.1.2.1); LINEAR_EXACT does not.
        double center = Function == "LINEAR" ? Center - 0.5 : Center;
        double width = Function == "LINEAR" ? Width - 1 : Width;
        if (x <= center - (width / 2))
            return 0;
        if (x > center + (width / 2))
            return 255;
        return (((x - center) / width) + 0.5) * 255.0;
    }
}
