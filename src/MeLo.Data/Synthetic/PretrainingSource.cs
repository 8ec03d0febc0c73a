using MeLo.Imaging;

namespace MeLo.Data;

/// <summary>
/// The SYNTHETIC source distribution that <c>melo pretrain</c> learns from: generic shapes, textures, cell-like and
/// lesion-like spots on random gray or coloured backgrounds with gradients, distractors and noise. A class is a pattern
/// family at one scale and count (one to four copies, each in its own randomly chosen quadrant), so the backbone learns
/// what a pattern is, how big it is and how many there are, anywhere in the image. Count and scale (rather than a fixed
/// placement) change the patch average that the near-uniform attention of a ViT at initialisation sees; classes defined
/// by placement first need position-selective attention, and a backbone pretrained on them stayed at chance.
/// It shares no renderer with the four target tasks (<see cref="SyntheticTaskWriter"/>): no chest, mammogram or
/// blood-smear layout, no target label. Every image is a function of its seed alone.
/// </summary>
public static class PretrainingSource
{
    static readonly string[] Families =
    [
        "disc", "ring", "bar", "cross", "parallel-lines", "star", "dot-cluster", "bright-spot",
        "dark-spot", "triangle", "dot-grid", "stripes", "crescent", "nucleated-cell",
    ];

    static readonly string[] Counts = ["x1", "x2", "x3", "x4"];

    static readonly string[] Scales = ["small", "large"];

    /// <summary>Class names, <c>family/count/scale</c>, in label order.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        [.. from f in Families from c in Counts from s in Scales select $"{f}/{c}/{s}"];

    public static int ClassCount => ClassNames.Count;

    /// <summary>One image and its class, drawn from <paramref name="seed"/> alone.</summary>
    public static (DecodedImage Image, int Label) Sample(int size, int seed)
    {
        var random = new Random(seed);
        int label = random.Next(ClassCount);
        return (Render(size, label, random), label);
    }

    /// <summary>An image of class <paramref name="label"/>, with every nuisance drawn from <paramref name="random"/>.</summary>
    public static DecodedImage Render(int size, int label, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(label, ClassCount);
        int family = label / (Counts.Length * Scales.Length);
        int count = 1 + (label / Scales.Length % Counts.Length);
        bool large = label % Scales.Length == 1;

        bool colour = random.NextDouble() < 0.5;
        double level = random.Uniform(0.1, 0.8);
        var background = colour ? new Shade((float)level, (float)level, (float)level).Jitter(random, 0.2) : Shade.Gray(level);
        var canvas = new SyntheticCanvas(size, 3, background);
        // A broad illumination gradient and faint distractors that carry no class information.
        canvas.Gaussian(random.NextDouble(), random.NextDouble(), random.Uniform(0.3, 0.6), random.Uniform(-0.2, 0.2));
        int distractors = random.Next(4);
        for (int i = 0; i < distractors; i++)
        {
            var faint = Shade.Gray(random.NextDouble());
            if (random.NextDouble() < 0.5)
                canvas.Line(random.NextDouble(), random.NextDouble(), random.NextDouble(), random.NextDouble(), random.Uniform(0.01, 0.03), faint, opacity: 0.25);
            else
                canvas.Ellipse(random.NextDouble(), random.NextDouble(), random.Uniform(0.05, 0.2), random.Uniform(0.05, 0.2), random.NextDouble() * Math.PI, faint, opacity: 0.2, softness: 0.5);
        }

        // The pattern: visibly brighter or darker than the background, in any hue on colour images.
        double contrast = random.Uniform(0.25, 0.5) * (level < 0.45 ? 1 : -1);
        var ink = colour ? Shade.Gray(level + contrast).Jitter(random, 0.25) : Shade.Gray(level + contrast);
        // Each copy in its own quadrant (jittered), so copies never merge and the count stays visible.
        var quadrants = Enumerable.Range(0, 4).OrderBy(_ => random.Next()).Take(count).ToArray();
        foreach (int quadrant in quadrants)
        {
            double cx = (quadrant % 2 == 0 ? 0.27 : 0.73) + random.Uniform(-0.05, 0.05);
            double cy = (quadrant < 2 ? 0.27 : 0.73) + random.Uniform(-0.05, 0.05);
            double r = large ? random.Uniform(0.15, 0.19) : random.Uniform(0.07, 0.1);
            DrawFamily(canvas, Families[family], cx, cy, r, ink, background, random);
        }

        canvas.Noise(random, random.Uniform(0.005, 0.06));
        return canvas.ToImage();
    }

    static void DrawFamily(SyntheticCanvas canvas, string family, double cx, double cy, double r, Shade ink, Shade background, Random random)
    {
        double angle = random.NextDouble() * Math.PI;
        double width = Math.Max(r * 0.18, 0.015);
        switch (family)
        {
            case "disc":
                canvas.Ellipse(cx, cy, r, r * random.Uniform(0.85, 1), angle, ink);
                break;
            case "ring":
                canvas.Ellipse(cx, cy, r, r, 0, ink);
                canvas.Ellipse(cx, cy, r * 0.6, r * 0.6, 0, background);
                break;
            case "bar":
                canvas.Ellipse(cx, cy, r, r * 0.3, angle, ink);
                break;
            case "cross":
                canvas.Line(cx - (r * Math.Cos(angle)), cy - (r * Math.Sin(angle)), cx + (r * Math.Cos(angle)), cy + (r * Math.Sin(angle)), width, ink);
                canvas.Line(cx + (r * Math.Sin(angle)), cy - (r * Math.Cos(angle)), cx - (r * Math.Sin(angle)), cy + (r * Math.Cos(angle)), width, ink);
                break;
            case "parallel-lines":
                for (int i = -1; i <= 1; i++)
                {
                    double ox = i * r * 0.5 * Math.Sin(angle), oy = -i * r * 0.5 * Math.Cos(angle);
                    canvas.Line(cx + ox - (r * Math.Cos(angle)), cy + oy - (r * Math.Sin(angle)), cx + ox + (r * Math.Cos(angle)), cy + oy + (r * Math.Sin(angle)), width * 0.7, ink);
                }
                break;
            case "star":
                for (int i = 0; i < 6; i++)
                {
                    double t = angle + (i * Math.PI / 3);
                    canvas.Line(cx, cy, cx + (r * Math.Cos(t)), cy + (r * Math.Sin(t)), width * 0.7, ink);
                }
                break;
            case "dot-cluster":
                for (int i = 0; i < 7; i++)
                {
                    double t = random.NextDouble() * Math.PI * 2, d = Math.Sqrt(random.NextDouble()) * r;
                    canvas.Ellipse(cx + (d * Math.Cos(t)), cy + (d * Math.Sin(t)), r * 0.16, r * 0.16, 0, ink);
                }
                break;
            case "bright-spot":
                canvas.Gaussian(cx, cy, r * 0.5, random.Uniform(0.35, 0.6));
                break;
            case "dark-spot":
                canvas.Gaussian(cx, cy, r * 0.5, -random.Uniform(0.35, 0.6));
                break;
            case "triangle":
                var corners = Enumerable.Range(0, 3).Select(i => (X: cx + (r * Math.Cos(angle + (i * 2 * Math.PI / 3))), Y: cy + (r * Math.Sin(angle + (i * 2 * Math.PI / 3))))).ToArray();
                for (int i = 0; i < 3; i++)
                    canvas.Line(corners[i].X, corners[i].Y, corners[(i + 1) % 3].X, corners[(i + 1) % 3].Y, width * 0.8, ink);
                break;
            case "dot-grid":
                for (int i = -1; i <= 1; i++)
                    for (int j = -1; j <= 1; j++)
                        canvas.Ellipse(cx + (i * r * 0.65), cy + (j * r * 0.65), r * 0.14, r * 0.14, 0, ink);
                break;
            case "stripes":
                for (int i = -2; i <= 2; i++)
                    canvas.Line(cx + (i * r * 0.4) - (r * 0.3), cy - r, cx + (i * r * 0.4) + (r * 0.3), cy + r, width * 0.6, ink);
                break;
            case "crescent":
                canvas.Ellipse(cx, cy, r, r, 0, ink);
                canvas.Ellipse(cx + (r * 0.45 * Math.Cos(angle * 2)), cy + (r * 0.45 * Math.Sin(angle * 2)), r * 0.85, r * 0.85, 0, background);
                break;
            case "nucleated-cell":
                canvas.Ellipse(cx, cy, r, r * random.Uniform(0.8, 1), angle, ink, opacity: 0.55);
                canvas.Ellipse(cx + random.Uniform(-0.2, 0.2) * r, cy + random.Uniform(-0.2, 0.2) * r, r * 0.4, r * 0.35, angle, ink);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(family), family, "Not a pattern family.");
        }
    }
}
