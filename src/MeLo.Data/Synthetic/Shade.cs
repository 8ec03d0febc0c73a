namespace MeLo.Data;

/// <summary>A colour in [0, 1] per channel; grayscale canvases use <see cref="R"/>.</summary>
internal readonly record struct Shade(float R, float G, float B)
{
    public static Shade Gray(double value) => new((float)value, (float)value, (float)value);

    public Shade Jitter(Random random, double amount) =>
        new(R + (float)random.Uniform(-amount, amount), G + (float)random.Uniform(-amount, amount), B + (float)random.Uniform(-amount, amount));

    public float this[int channel] => channel switch { 0 => R, 1 => G, _ => B };
}
