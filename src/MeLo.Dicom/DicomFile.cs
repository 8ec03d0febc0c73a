namespace MeLo.Dicom;

/// <summary>A parsed DICOM Part 10 file: its file meta group, transfer syntax and data set. Pixels are not decoded yet.</summary>
public sealed record DicomFile(DicomDataset Meta, TransferSyntax TransferSyntax, DicomDataset Dataset);
