using System.CommandLine;
using MeLo.Dicom;
using MeLo.Imaging;

namespace MeLo.Cli.Commands;

/// <summary><c>melo dicom export|show</c>: render a DICOM file's first frame to PNG; print its header, optionally without PHI.</summary>
public static class DicomCommand
{
    public static Command Create() => new("dicom", "Render and inspect DICOM Part 10 files.") { Export(), Show() };

    static Command Export()
    {
        var input = new Argument<string>("in") { Description = "DICOM Part 10 file (.dcm)." };
        var output = new Argument<string>("out") { Description = "PNG file to write (8-bit gray, or RGB for colour images)." };
        var command = new Command("export", "Write the rendered first frame (modality LUT, VOI window, MONOCHROME1 inverted) as an 8-bit PNG.")
        {
            input, output,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(input)!;
            var image = Read(path, file => DicomImageRenderer.Render(file, ImageDecoder.DefaultMaxPixels));
            File.WriteAllBytes(parse.GetValue(output)!, image.EncodePng());
            parse.InvocationConfiguration.Output.WriteLine(
                $"wrote {parse.GetValue(output)} ({image.Width}x{image.Height}, {(image.Channels == 1 ? "gray" : "RGB")})");
        });
        return command;
    }

    static Command Show()
    {
        var input = new Argument<string>("file") { Description = "DICOM Part 10 file (.dcm)." };
        var noPhi = new Option<bool>("--no-phi") { Description = "Mask attributes that may identify the patient (names, ids, dates, UIDs, free text, private tags)." };
        var command = new Command("show", "Print a DICOM file's header, one element per line.") { input, noPhi };
        command.SetAction(parse =>
        {
            var text = Read(parse.GetValue(input)!, file => DicomHeaderFormatter.Format(file, parse.GetValue(noPhi)));
            parse.InvocationConfiguration.Output.Write(text);
        });
        return command;
    }

    static T Read<T>(string path, Func<DicomFile, T> use)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{path}' does not exist.", path);
        try
        {
            return use(DicomFileReader.ReadFile(path));
        }
        catch (DicomException e)
        {
            throw new DicomException(e.Kind, $"'{path}' cannot be read as DICOM: {e.Message}", e);
        }
    }
}
