using MeLo.Imaging;

namespace MeLo.Data;

/// <summary>How <see cref="ImageFolderDataset"/> checks the images it finds.</summary>
public sealed record ImageFolderOptions
{
    public static ImageFolderOptions Default { get; } = new();

    public BadFilePolicy BadFilePolicy { get; init; } = BadFilePolicy.Fail;

    public ImageCheck ImageCheck { get; init; } = ImageCheck.Header;

    /// <summary>Used for header and decode checks; its pixel limit applies.</summary>
    public ImageDecoder Decoder { get; init; } = ImageDecoder.Default;
}
