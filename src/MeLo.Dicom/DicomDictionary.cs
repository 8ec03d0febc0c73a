namespace MeLo.Dicom;

/// <summary>
/// Keywords and VRs of the attributes a radiograph header commonly carries: the VR is needed to read Implicit VR files,
/// the keyword to print headers. Attributes not listed read as UN (opaque) and print without a keyword.
/// </summary>
internal static class DicomDictionary
{
    private static readonly Dictionary<uint, (string Vr, string Keyword)> Entries = new()
    {
        [0x0002_0000] = ("UL", "FileMetaInformationGroupLength"),
        [0x0002_0001] = ("OB", "FileMetaInformationVersion"),
        [0x0002_0002] = ("UI", "MediaStorageSOPClassUID"),
        [0x0002_0003] = ("UI", "MediaStorageSOPInstanceUID"),
        [0x0002_0010] = ("UI", "TransferSyntaxUID"),
        [0x0002_0012] = ("UI", "ImplementationClassUID"),
        [0x0002_0013] = ("SH", "ImplementationVersionName"),
        [0x0002_0016] = ("AE", "SourceApplicationEntityTitle"),
        [0x0008_0005] = ("CS", "SpecificCharacterSet"),
        [0x0008_0008] = ("CS", "ImageType"),
        [0x0008_0012] = ("DA", "InstanceCreationDate"),
        [0x0008_0013] = ("TM", "InstanceCreationTime"),
        [0x0008_0016] = ("UI", "SOPClassUID"),
        [0x0008_0018] = ("UI", "SOPInstanceUID"),
        [0x0008_0020] = ("DA", "StudyDate"),
        [0x0008_0021] = ("DA", "SeriesDate"),
        [0x0008_0022] = ("DA", "AcquisitionDate"),
        [0x0008_0023] = ("DA", "ContentDate"),
        [0x0008_0030] = ("TM", "StudyTime"),
        [0x0008_0031] = ("TM", "SeriesTime"),
        [0x0008_0032] = ("TM", "AcquisitionTime"),
        [0x0008_0033] = ("TM", "ContentTime"),
        [0x0008_0050] = ("SH", "AccessionNumber"),
        [0x0008_0060] = ("CS", "Modality"),
        [0x0008_0064] = ("CS", "ConversionType"),
        [0x0008_0070] = ("LO", "Manufacturer"),
        [0x0008_0080] = ("LO", "InstitutionName"),
        [0x0008_0081] = ("ST", "InstitutionAddress"),
        [0x0008_0090] = ("PN", "ReferringPhysicianName"),
        [0x0008_1010] = ("SH", "StationName"),
        [0x0008_1030] = ("LO", "StudyDescription"),
        [0x0008_103E] = ("LO", "SeriesDescription"),
        [0x0008_1040] = ("LO", "InstitutionalDepartmentName"),
        [0x0008_1048] = ("PN", "PhysiciansOfRecord"),
        [0x0008_1050] = ("PN", "PerformingPhysicianName"),
        [0x0008_1060] = ("PN", "NameOfPhysiciansReadingStudy"),
        [0x0008_1070] = ("PN", "OperatorsName"),
        [0x0008_1090] = ("LO", "ManufacturerModelName"),
        [0x0008_1155] = ("UI", "ReferencedSOPInstanceUID"),
        [0x0010_0010] = ("PN", "PatientName"),
        [0x0010_0020] = ("LO", "PatientID"),
        [0x0010_0030] = ("DA", "PatientBirthDate"),
        [0x0010_0040] = ("CS", "PatientSex"),
        [0x0010_1000] = ("LO", "OtherPatientIDs"),
        [0x0010_1001] = ("PN", "OtherPatientNames"),
        [0x0010_1010] = ("AS", "PatientAge"),
        [0x0010_1020] = ("DS", "PatientSize"),
        [0x0010_1030] = ("DS", "PatientWeight"),
        [0x0010_1040] = ("LO", "PatientAddress"),
        [0x0010_2154] = ("SH", "PatientTelephoneNumbers"),
        [0x0010_4000] = ("LT", "PatientComments"),
        [0x0018_0015] = ("CS", "BodyPartExamined"),
        [0x0018_0050] = ("DS", "SliceThickness"),
        [0x0018_1000] = ("LO", "DeviceSerialNumber"),
        [0x0018_5101] = ("CS", "ViewPosition"),
        [0x0020_000D] = ("UI", "StudyInstanceUID"),
        [0x0020_000E] = ("UI", "SeriesInstanceUID"),
        [0x0020_0010] = ("SH", "StudyID"),
        [0x0020_0011] = ("IS", "SeriesNumber"),
        [0x0020_0013] = ("IS", "InstanceNumber"),
        [0x0020_0052] = ("UI", "FrameOfReferenceUID"),
        [0x0020_0062] = ("CS", "ImageLaterality"),
        [0x0028_0002] = ("US", "SamplesPerPixel"),
        [0x0028_0004] = ("CS", "PhotometricInterpretation"),
        [0x0028_0006] = ("US", "PlanarConfiguration"),
        [0x0028_0008] = ("IS", "NumberOfFrames"),
        [0x0028_0010] = ("US", "Rows"),
        [0x0028_0011] = ("US", "Columns"),
        [0x0028_0030] = ("DS", "PixelSpacing"),
        [0x0028_0100] = ("US", "BitsAllocated"),
        [0x0028_0101] = ("US", "BitsStored"),
        [0x0028_0102] = ("US", "HighBit"),
        [0x0028_0103] = ("US", "PixelRepresentation"),
        [0x0028_1050] = ("DS", "WindowCenter"),
        [0x0028_1051] = ("DS", "WindowWidth"),
        [0x0028_1052] = ("DS", "RescaleIntercept"),
        [0x0028_1053] = ("DS", "RescaleSlope"),
        [0x0028_1054] = ("LO", "RescaleType"),
        [0x0028_1056] = ("CS", "VOILUTFunction"),
        [0x0028_2110] = ("CS", "LossyImageCompression"),
        [0x0028_3000] = ("SQ", "ModalityLUTSequence"),
        [0x0028_3010] = ("SQ", "VOILUTSequence"),
        [0x0032_1060] = ("LO", "RequestedProcedureDescription"),
        [0x0040_0244] = ("DA", "PerformedProcedureStepStartDate"),
        [0x0040_0253] = ("SH", "PerformedProcedureStepID"),
        [0x7FE0_0010] = ("OW", "PixelData"),
    };

    /// <summary>The VR an Implicit VR reader assumes; "UN" for attributes not listed.</summary>
    public static string VrOf(uint tag) => Entries.TryGetValue(tag, out var entry) ? entry.Vr : "UN";

    /// <summary>The keyword, or null for attributes not listed (private ones included).</summary>
    public static string? KeywordOf(uint tag) => Entries.TryGetValue(tag, out var entry) ? entry.Keyword : null;

    /// <summary>"Rows (0028,0010)", for error messages.</summary>
    public static string Describe(uint tag) =>
        KeywordOf(tag) is { } keyword ? $"{keyword} {DicomElement.FormatTag(tag)}" : DicomElement.FormatTag(tag);
}
