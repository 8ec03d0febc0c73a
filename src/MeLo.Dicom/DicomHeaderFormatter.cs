using System.Globalization;
using System.Text;

namespace MeLo.Dicom;

/// <summary>
/// Prints a header for the file's owner, one element per line: "(gggg,eeee) VR Keyword = value". Sequences print their
/// items indented; Pixel Data prints its size only. With PHI masking, identifying values print as "***".
/// </summary>
public static class DicomHeaderFormatter
{
    public const string Mask = "***";

    private const int MaxValueCharacters = 64;

    public static string Format(DicomFile file, bool maskPhi)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# transfer syntax: {file.TransferSyntax}{(file.TransferSyntax.IsSupported ? "" : " (pixels not supported)")}");
        Append(text, file.Meta, maskPhi, indent: 0);
        Append(text, file.Dataset, maskPhi, indent: 0);
        return text.ToString();
    }

    private static void Append(StringBuilder text, DicomDataset dataset, bool maskPhi, int indent)
    {
        var pad = new string(' ', indent * 2);
        foreach (var element in dataset.Elements)
        {
            var name = DicomDictionary.KeywordOf(element.Tag) ?? (element.Group % 2 == 1 ? "(private)" : "(unknown)");
            text.Append(CultureInfo.InvariantCulture, $"{pad}{DicomElement.FormatTag(element.Tag)} {element.Vr} {name}");
            if (element.Items is { } items)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $" = sequence of {items.Count} item(s)");
                for (int i = 0; i < items.Count; i++)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"{pad}  > item {i + 1}");
                    Append(text, items[i], maskPhi, indent + 2);
                }

                continue;
            }

            text.AppendLine(CultureInfo.InvariantCulture, $" = {Value(element, maskPhi)}");
        }
    }

    private static string Value(DicomElement element, bool maskPhi)
    {
        if (element.Fragments is { } fragments)
            return $"<encapsulated: {fragments.Count - 1} fragment(s), {fragments.Sum(f => (long)f.Length)} bytes>";
        if (element.Tag == DicomTags.PixelData || element.Vr is "OB" or "OW" or "OF" or "OD" or "OL" or "OV" or "UN")
            return $"<{element.Value.Length} bytes>";
        if (maskPhi && PhiAttributes.IsPhi(element))
            return Mask;
        if (element.Vr is "US" or "SS" or "UL" or "SL" or "FL" or "FD")
            return string.Join("\\", Enumerable.Range(0, Math.Min(element.NumberCount, 16)).Select(i => element.Number(i).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var value = element.Text();
        var printable = new string(value.Select(c => char.IsControl(c) ? '.' : c).ToArray());
        return printable.Length > MaxValueCharacters ? printable[..MaxValueCharacters] + "..." : printable;
    }
}
