namespace MeLo.Data;

/// <summary>Conventions of the NIH ChestX-ray14 dataset (Data_Entry_2017.csv).</summary>
public static class NihChestXray14
{
    public const string ManifestFileName = "Data_Entry_2017.csv";

    public const string ImageColumn = "Image Index";

    public const string LabelColumn = "Finding Labels";

    public const string PatientColumn = "Patient ID";

    /// <summary>Labels are joined with '|'.</summary>
    public const string LabelSeparator = "|";

    /// <summary>The label of images with none of the 14 findings.</summary>
    public const string NoFinding = "No Finding";

    /// <summary>The 14 findings in the order CheXNet and the MeLo paper report them.</summary>
    public static IReadOnlyList<string> LabelNames { get; } =
    [
        "Atelectasis", "Cardiomegaly", "Effusion", "Infiltration", "Mass", "Nodule", "Pneumonia",
        "Pneumothorax", "Consolidation", "Edema", "Emphysema", "Fibrosis", "Pleural_Thickening", "Hernia",
    ];

    /// <summary>
    /// Manifest options for Data_Entry_2017.csv: multi-label with the 14 findings in fixed order, patients as
    /// groups, and images found by file name under <paramref name="imageRoot"/> (the release spreads them over
    /// images_001/images … images_012/images).
    /// </summary>
    public static CsvManifestOptions ManifestOptions(string? imageRoot = null) => new()
    {
        PathColumn = ImageColumn,
        LabelColumn = LabelColumn,
        MultiLabelSeparator = LabelSeparator,
        NegativeLabel = NoFinding,
        LabelNames = LabelNames,
        GroupColumn = PatientColumn,
        ImageRoot = imageRoot,
        FindImagesByFileName = true,
    };
}
