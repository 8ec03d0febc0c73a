namespace MeLo.Cli.Tests;

/// <summary><c>melo dicom show</c>: the header for the file's owner, and <c>--no-phi</c> masking identifying values.</summary>
public sealed class DicomShowTests : IDisposable
{
    readonly DicomSamples _samples = new();

    public void Dispose() => _samples.Dispose();

    [Fact]
    public void Show_prints_the_header_and_no_phi_masks_identifying_values()
    {
        var file = _samples.Modified(DicomSamples.Pydicom("CT_small.dcm"), "phi.dcm",
            "-i", "(0010,0010)=Doe^Jane", "-i", "(0010,0020)=PID-7731", "-i", "(0010,0030)=19610412",
            "-i", "(0008,0050)=ACC-99120", "-i", "(0008,0080)=St Example Hospital");

        var shown = CliResult.Run("dicom", "show", file);
        var masked = CliResult.Run("dicom", "show", file, "--no-phi");

        Assert.Equal(0, shown.ExitCode);
        Assert.Equal(0, masked.ExitCode);
        Assert.Contains("# transfer syntax: Explicit VR Little Endian (1.2.840.10008.1.2.1)", shown.Output);
        Assert.Contains("(0010,0010) PN PatientName = Doe^Jane", shown.Output);
        Assert.Contains("(0028,0010) US Rows = 128", shown.Output);
        Assert.Contains("(0010,0010) PN PatientName = ***", masked.Output);
        Assert.Contains("(0028,0010) US Rows = 128", masked.Output);
        Assert.Contains("(0002,0010) UI TransferSyntaxUID = 1.2.840.10008.1.2.1", masked.Output);
        foreach (var phi in new[] { "Doe^Jane", "PID-7731", "19610412", "ACC-99120", "St Example Hospital" })
        {
            Assert.Contains(phi, shown.Output);
            Assert.DoesNotContain(phi, masked.Output);
        }

        // CT_small's own study date, instance UID and private attributes are masked too.
        Assert.DoesNotContain("(0008,0020) DA StudyDate = 2", masked.Output);
        Assert.DoesNotContain("(0008,0018) UI SOPInstanceUID = 1", masked.Output);
        // Attributes without a keyword here (e.g. TimezoneOffsetFromUTC) are masked: the reader cannot vouch for them.
        Assert.Contains("(0008,0201) SH (unknown) = -0500", shown.Output);
        Assert.Contains("(0008,0201) SH (unknown) = ***", masked.Output);
    }

    [Fact]
    public void Show_prints_sequences_and_the_header_of_files_whose_pixels_are_not_supported()
    {
        var nested = CliResult.Run("dicom", "show", DicomSamples.Pydicom("nested_priv_SQ.dcm"));
        Assert.Equal(0, nested.ExitCode);
        Assert.Contains("sequence of 1 item(s)", nested.Output);

        var jpeg2000 = CliResult.Run("dicom", "show", DicomSamples.Pydicom("JPEG2000.dcm"));
        Assert.Equal(0, jpeg2000.ExitCode);
        Assert.Contains("(1.2.840.10008.1.2.4.91) (pixels not supported)", jpeg2000.Output);
        Assert.Contains("<encapsulated: ", jpeg2000.Output);
    }

    [Fact]
    public void Show_of_a_missing_or_non_dicom_file_is_an_error()
    {
        var missing = CliResult.Run("dicom", "show", _samples.PathOf("absent.dcm"));
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("error: ", missing.Error);

        var text = _samples.PathOf("text.dcm");
        File.WriteAllText(text, new string('x', 300));
        var notDicom = CliResult.Run("dicom", "show", text);
        Assert.Equal(1, notDicom.ExitCode);
        Assert.Contains("not a DICOM Part 10 file", notDicom.Error);
    }
}
