namespace MeLo.Dicom;

/// <summary>
/// Which attributes may identify a patient (after PS3.15's Basic Confidentiality Profile, applied broadly): person names,
/// dates and times, ages, the patient group, private attributes, free text, instance, study and series UIDs, and every
/// attribute this reader has no keyword for (it cannot vouch for them). Class and transfer syntax UIDs and the pixel
/// module stay visible, since they describe the image rather than the person.
/// </summary>
public static class PhiAttributes
{
    private static readonly HashSet<string> IdentifyingVrs = ["PN", "DA", "DT", "TM", "AS", "LT", "ST", "UT"];

    private static readonly HashSet<uint> NonIdentifyingUids =
    [
        0x0002_0002, // MediaStorageSOPClassUID
        0x0002_0010, // TransferSyntaxUID
        0x0002_0012, // ImplementationClassUID
        0x0008_0016, // SOPClassUID
    ];

    private static readonly HashSet<uint> IdentifyingTags =
    [
        0x0008_0050, // AccessionNumber
        0x0008_0080, // InstitutionName
        0x0008_0081, // InstitutionAddress
        0x0008_1010, // StationName
        0x0008_1030, // StudyDescription
        0x0008_103E, // SeriesDescription
        0x0008_1040, // InstitutionalDepartmentName
        0x0008_1090, // ManufacturerModelName
        0x0018_1000, // DeviceSerialNumber
        0x0020_0010, // StudyID
        0x0032_1060, // RequestedProcedureDescription
        0x0040_0253, // PerformedProcedureStepID
        0x0002_0016, // SourceApplicationEntityTitle
    ];

    public static bool IsPhi(DicomElement element)
    {
        ushort group = element.Group;
        return group == 0x0010
            || (group & 1) == 1
            || IdentifyingVrs.Contains(element.Vr)
            || (element.Vr == "UI" && !NonIdentifyingUids.Contains(element.Tag))
            || IdentifyingTags.Contains(element.Tag)
            || DicomDictionary.KeywordOf(element.Tag) is null;
    }
}
