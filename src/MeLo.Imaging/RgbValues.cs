namespace MeLo.Imaging;

/// <summary>One value per colour channel, e.g. a normalisation mean or standard deviation.</summary>
public readonly record struct RgbValues(float Red, float Green, float Blue)
{
    /// <summary>Channel 0 = red, 1 = green, 2 = blue (the CHW channel order).</summary>
    public float this[int channel] => channel switch
    {
        0 => Red,
        1 => Green,
        2 => Blue,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Channel must be 0, 1 or 2."),
    };
}
