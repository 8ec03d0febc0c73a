namespace MeLo.Data;

/// <summary>The synthetic tasks <see cref="SyntheticTaskWriter"/> can write, shaped like the MeLo paper's datasets.</summary>
[Flags]
public enum SyntheticTask
{
    None = 0,

    /// <summary>"shenzhen-like": grayscale chest X-ray, normal vs tb.</summary>
    ShenzhenLike = 1,

    /// <summary>"bloodcell-like": colour blood smear, four white-cell classes.</summary>
    BloodCellLike = 2,

    /// <summary>"inbreast-like": grayscale mammogram, benign vs malignant.</summary>
    InbreastLike = 4,

    /// <summary>"nih-like": grayscale chest X-ray, 14 NIH findings, multi-label.</summary>
    NihLike = 8,

    All = ShenzhenLike | BloodCellLike | InbreastLike | NihLike,
}
