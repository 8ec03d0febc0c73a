namespace MeLo.Data;

/// <summary>
/// Stained blood-smear-like images: pale red cells around one white cell whose size, nucleus shape and
/// cytoplasm colour follow its class, as in the BCCD BloodCell images.
/// </summary>
internal static class BloodCellRenderer
{
    public static IReadOnlyList<string> Classes { get; } = ["eosinophil", "lymphocyte", "monocyte", "neutrophil"];

    public static SyntheticCanvas Draw(int size, string cellClass, Random random)
    {
        double stain = random.Uniform(-0.04, 0.04);
        var canvas = new SyntheticCanvas(size, 3, new Shade(0.93f, 0.84f, 0.86f).Jitter(random, 0.03));
        int redCells = 5 + random.Next(5);
        for (int i = 0; i < redCells; i++)
        {
            double x = random.NextDouble(), y = random.NextDouble(), r = random.Uniform(0.08, 0.11);
            canvas.Ellipse(x, y, r, r * random.Uniform(0.85, 1.0), random.NextDouble() * Math.PI, new Shade(0.85f, 0.52f, 0.56f).Jitter(random, 0.03));
            canvas.Ellipse(x, y, r * 0.45, r * 0.45, 0, new Shade(0.91f, 0.7f, 0.72f), opacity: 0.7, softness: 0.4);
        }

        double cx = 0.5 + random.Uniform(-0.07, 0.07), cy = 0.5 + random.Uniform(-0.07, 0.07);
        double angle = random.NextDouble() * Math.PI * 2;
        var nucleus = new Shade(0.36f + (float)stain, 0.14f, 0.5f + (float)stain).Jitter(random, 0.03);
        switch (cellClass)
        {
            case "eosinophil": // Orange granular cytoplasm, two-lobed nucleus.
                canvas.Ellipse(cx, cy, 0.2, 0.19, angle, new Shade(0.95f, 0.6f, 0.42f).Jitter(random, 0.03));
                for (int i = 0; i < 30; i++)
                {
                    double t = random.NextDouble() * Math.PI * 2, d = Math.Sqrt(random.NextDouble()) * 0.17;
                    canvas.Ellipse(cx + (d * Math.Cos(t)), cy + (d * Math.Sin(t)), 0.014, 0.014, 0, new Shade(0.85f, 0.32f, 0.22f));
                }

                foreach (double side in new[] { -1.0, 1.0 })
                {
                    canvas.Ellipse(cx + (side * 0.075 * Math.Cos(angle)), cy + (side * 0.075 * Math.Sin(angle)), 0.065, 0.055, angle, nucleus);
                }

                break;
            case "lymphocyte": // Small cell, one large round nucleus, thin blue rim.
                canvas.Ellipse(cx, cy, 0.14, 0.14, 0, new Shade(0.68f, 0.74f, 0.93f).Jitter(random, 0.03));
                canvas.Ellipse(cx + 0.01, cy, 0.115, 0.11, angle, new Shade(0.26f, 0.1f, 0.42f).Jitter(random, 0.03));
                break;
            case "monocyte": // Large cell, grey-blue cytoplasm, kidney-shaped nucleus.
                var cytoplasm = new Shade(0.74f, 0.72f, 0.86f).Jitter(random, 0.03);
                canvas.Ellipse(cx, cy, 0.25, 0.23, angle, cytoplasm);
                canvas.Ellipse(cx, cy, 0.15, 0.11, angle, nucleus);
                canvas.Ellipse(cx + (0.13 * Math.Cos(angle + (Math.PI / 2))), cy + (0.13 * Math.Sin(angle + (Math.PI / 2))), 0.07, 0.07, 0, cytoplasm);
                break;
            case "neutrophil": // Pale lilac cytoplasm, three to five small connected lobes.
                canvas.Ellipse(cx, cy, 0.19, 0.19, 0, new Shade(0.9f, 0.8f, 0.9f).Jitter(random, 0.03));
                int lobes = 3 + random.Next(3);
                double? px = null, py = null;
                for (int i = 0; i < lobes; i++)
                {
                    double t = angle + ((i - ((lobes - 1) / 2.0)) * 0.75);
                    double lx = cx + (0.09 * Math.Cos(t)), ly = cy + (0.09 * Math.Sin(t));
                    canvas.Ellipse(lx, ly, 0.045, 0.045, 0, nucleus);
                    if (px is { } x0 && py is { } y0)
                    {
                        canvas.Line(x0, y0, lx, ly, 0.015, nucleus);
                    }

                    (px, py) = (lx, ly);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(cellClass), cellClass, "Not a blood cell class.");
        }

        canvas.Noise(random, 0.03);
        return canvas;
    }
}
