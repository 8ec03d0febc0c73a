namespace MeLo.Data;

/// <summary>
/// Mammogram-like images: breast against the chest wall on a random side, pectoral muscle, fibroglandular
/// texture. Benign: a smooth, faint oval mass or a few coarse calcifications. Malignant: a bright mass with
/// radiating spicules, often with a cluster of fine calcifications.
/// </summary>
internal static class MammogramRenderer
{
    public static IReadOnlyList<string> Classes { get; } = ["benign", "malignant"];

    public static SyntheticCanvas Draw(int size, bool malignant, Random random)
    {
        bool wallOnLeft = random.Next(2) == 0;
        double X(double fromWall) => wallOnLeft ? fromWall : 1 - fromWall;

        var canvas = new SyntheticCanvas(size, 1, Shade.Gray(0.02));
        canvas.Ellipse(X(0), 0.5 + random.Uniform(-0.04, 0.04), random.Uniform(0.68, 0.8), random.Uniform(0.48, 0.56), 0, Shade.Gray(random.Uniform(0.3, 0.38)), softness: 0.06);
        canvas.Ellipse(X(0), 0.0, 0.16, 0.5, wallOnLeft ? -0.45 : 0.45, Shade.Gray(0.5), opacity: 0.8, softness: 0.1);
        int tissue = 10 + random.Next(7);
        for (int i = 0; i < tissue; i++)
        {
            canvas.Gaussian(X(random.Uniform(0.05, 0.55)), random.Uniform(0.2, 0.8), random.Uniform(0.04, 0.1), random.Uniform(0.04, 0.1));
        }

        double mx = X(random.Uniform(0.22, 0.48)), my = random.Uniform(0.32, 0.68);
        if (malignant)
        {
            double r = random.Uniform(0.05, 0.075);
            int spicules = 10 + random.Next(7);
            for (int i = 0; i < spicules; i++)
            {
                double t = ((i + random.NextDouble()) / spicules) * Math.PI * 2, length = r + random.Uniform(0.07, 0.15);
                canvas.Line(mx, my, mx + (length * Math.Cos(t)), my + (length * Math.Sin(t)), 0.014, Shade.Gray(0.72), opacity: 0.85);
            }

            canvas.Ellipse(mx, my, r, r * random.Uniform(0.8, 1.0), random.NextDouble() * Math.PI, Shade.Gray(random.Uniform(0.8, 0.9)), softness: 0.15);
            if (random.NextDouble() < 0.6)
            {
                DrawCalcifications(canvas, mx + random.Uniform(-0.1, 0.1), my + random.Uniform(-0.1, 0.1), count: 6 + random.Next(6), spread: 0.05, radius: 0.008, random);
            }
        }
        else if (random.NextDouble() < 0.65)
        {
            double r = random.Uniform(0.05, 0.08);
            canvas.Ellipse(mx, my, r, r * random.Uniform(0.7, 0.9), random.NextDouble() * Math.PI, Shade.Gray(random.Uniform(0.48, 0.58)), softness: 0.3);
        }
        else
        {
            DrawCalcifications(canvas, mx, my, count: 2 + random.Next(2), spread: 0.15, radius: 0.018, random);
        }

        canvas.Noise(random, 0.03);
        return canvas;
    }

    private static void DrawCalcifications(SyntheticCanvas canvas, double cx, double cy, int count, double spread, double radius, Random random)
    {
        for (int i = 0; i < count; i++)
        {
            canvas.Ellipse(cx + random.Uniform(-spread, spread), cy + random.Uniform(-spread, spread), radius, radius, 0, Shade.Gray(0.95));
        }
    }
}
