namespace MeLo.Dicom;

/// <summary>The elements of a data set (or sequence item) in file order, looked up by tag.</summary>
public sealed class DicomDataset
{
    private readonly Dictionary<uint, DicomElement> _byTag = [];

    public DicomDataset(IReadOnlyList<DicomElement> elements)
    {
        Elements = elements;
        foreach (var element in elements)
        {
            // Duplicates are malformed; the first occurrence wins, as in most readers.
            _byTag.TryAdd(element.Tag, element);
        }
    }

    public IReadOnlyList<DicomElement> Elements { get; }

    public DicomElement? Find(uint tag) => _byTag.GetValueOrDefault(tag);

    /// <summary>The element, or an error naming the missing attribute.</summary>
    public DicomElement Require(uint tag) =>
        Find(tag) is { Value.IsEmpty: false } element ? element : throw new DicomException(DicomErrorKind.Malformed, $"missing {DicomDictionary.Describe(tag)}");

    /// <summary>The first number of a present, non-empty element, or <paramref name="fallback"/>.</summary>
    public double NumberOr(uint tag, double fallback) => Find(tag) is { Value.IsEmpty: false } element ? element.Number() : fallback;
}
