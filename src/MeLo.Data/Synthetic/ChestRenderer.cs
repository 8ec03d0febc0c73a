namespace MeLo.Data;

/// <summary>
/// Chest-radiograph-like images: thorax, two dark lung fields, spine, heart, ribs, clavicles. Findings are drawn
/// at fixed anatomical places (image left = patient's right) with small jitter, so each one is learnable.
/// </summary>
internal static class ChestRenderer
{
    private const double RightLungX = 0.31; // Image left.
    private const double LeftLungX = 0.69;

    /// <summary>Per-patient anatomy: follow-up images of one patient share it.</summary>
    public sealed record Anatomy(double OffsetX, double OffsetY, double Scale, double Tilt, double Body, double Lung, double Heart)
    {
        /// <summary>Maps a point of the canonical chest to this patient's image.</summary>
        public (double X, double Y) At(double x, double y) => (0.5 + OffsetX + ((x - 0.5) * Scale), 0.5 + OffsetY + ((y - 0.5) * Scale));

        public double Size(double length) => length * Scale;
    }

    public static Anatomy SampleAnatomy(Random random) => new(
        OffsetX: random.Uniform(-0.03, 0.03),
        OffsetY: random.Uniform(-0.03, 0.03),
        Scale: random.Uniform(0.92, 1.05),
        Tilt: random.Uniform(-0.06, 0.06),
        Body: random.Uniform(0.42, 0.52),
        Lung: random.Uniform(0.12, 0.2),
        Heart: random.Uniform(0.55, 0.65));

    public static SyntheticCanvas DrawBase(int size, Anatomy a, bool hyperlucentLungs = false, bool enlargedHeart = false)
    {
        var canvas = new SyntheticCanvas(size, 1, Shade.Gray(0.04));
        var (bx, by) = a.At(0.5, 0.55);
        canvas.Ellipse(bx, by, a.Size(0.44), a.Size(0.5), 0, Shade.Gray(a.Body), softness: 0.1);

        double lungGrow = hyperlucentLungs ? 1.12 : 1.0;
        var lungShade = Shade.Gray(hyperlucentLungs ? a.Lung * 0.3 : a.Lung);
        foreach (var (lungX, side) in new[] { (RightLungX, -1.0), (LeftLungX, 1.0) })
        {
            var (lx, ly) = a.At(lungX, 0.47);
            canvas.Ellipse(lx, ly, a.Size(0.13 * lungGrow), a.Size(0.29 * lungGrow), side * (0.08 + a.Tilt), lungShade, softness: 0.15);
        }

        var (sx, sy) = a.At(0.5, 0.1);
        var (sx2, sy2) = a.At(0.5, 1.0);
        canvas.Line(sx, sy, sx2, sy2, a.Size(0.08), Shade.Gray(0.62));

        var (hx, hy) = a.At(0.57, 0.66);
        double heart = enlargedHeart ? 1.7 : 1.0;
        canvas.Ellipse(hx, hy, a.Size(0.11 * heart), a.Size(0.09 * heart), -0.3, Shade.Gray(a.Heart), softness: 0.15);

        for (int rib = 0; rib < 5; rib++)
        {
            double y = 0.26 + (rib * 0.09);
            foreach (double side in new[] { -1.0, 1.0 })
            {
                var (x0, y0) = a.At(0.5 + (side * 0.06), y);
                var (x1, y1) = a.At(0.5 + (side * 0.4), y + 0.07);
                canvas.Line(x0, y0, x1, y1, a.Size(0.02), Shade.Gray(0.42), opacity: 0.45);
            }
        }

        foreach (double side in new[] { -1.0, 1.0 })
        {
            var (x0, y0) = a.At(0.5 + (side * 0.05), 0.17);
            var (x1, y1) = a.At(0.5 + (side * 0.33), 0.13);
            canvas.Line(x0, y0, x1, y1, a.Size(0.035), Shade.Gray(0.6));
        }

        return canvas;
    }

    /// <summary>A Shenzhen-like screening image: tuberculosis draws bright upper-zone infiltrates; 30% of normals get one faint spot.</summary>
    public static SyntheticCanvas DrawScreening(int size, bool tuberculosis, Random random)
    {
        var anatomy = SampleAnatomy(random);
        var canvas = DrawBase(size, anatomy);
        if (tuberculosis)
        {
            DrawTuberculosis(canvas, anatomy, random);
        }
        else if (random.NextDouble() < 0.3)
        {
            DrawIncidentalSpot(canvas, anatomy, random);
        }

        canvas.Noise(random, 0.03);
        return canvas;
    }

    /// <summary>Tuberculosis-like: one to three bright infiltrates in the upper lung zones.</summary>
    private static void DrawTuberculosis(SyntheticCanvas canvas, Anatomy a, Random random)
    {
        int spots = 1 + random.Next(3);
        for (int i = 0; i < spots; i++)
        {
            double lungX = random.Next(2) == 0 ? RightLungX : LeftLungX;
            var (x, y) = a.At(lungX + random.Uniform(-0.06, 0.06), random.Uniform(0.24, 0.44));
            canvas.Gaussian(x, y, a.Size(random.Uniform(0.035, 0.055)), random.Uniform(0.3, 0.45));
        }
    }

    /// <summary>A faint vessel-like spot anywhere in the lungs: makes normal images less uniform.</summary>
    private static void DrawIncidentalSpot(SyntheticCanvas canvas, Anatomy a, Random random)
    {
        double lungX = random.Next(2) == 0 ? RightLungX : LeftLungX;
        var (x, y) = a.At(lungX + random.Uniform(-0.06, 0.06), random.Uniform(0.25, 0.7));
        canvas.Gaussian(x, y, a.Size(0.03), random.Uniform(0.06, 0.12));
    }

    /// <summary>Draws one of the NIH findings; Emphysema and Cardiomegaly are drawn by <see cref="DrawBase"/>.</summary>
    public static void DrawNihFinding(SyntheticCanvas canvas, Anatomy a, string finding, Random random)
    {
        double J(double amount = 0.02) => random.Uniform(-amount, amount);
        var gray = (double v) => Shade.Gray(v + J(0.05));
        switch (finding)
        {
            case "Atelectasis": // Plate-like dense band, lower right lung.
                var (ax0, ay0) = a.At(0.2 + J(), 0.6 + J());
                var (ax1, ay1) = a.At(0.42 + J(), 0.64 + J());
                canvas.Line(ax0, ay0, ax1, ay1, a.Size(0.05), gray(0.7));
                break;
            case "Effusion": // Fluid blunting the lower left costophrenic angle.
                var (ex, ey) = a.At(0.7 + J(), 0.74 + J());
                canvas.Ellipse(ex, ey, a.Size(0.15), a.Size(0.08), 0, gray(0.6), softness: 0.2);
                break;
            case "Infiltration": // Patchy haze, mid right lung.
                for (int i = 0; i < 6; i++)
                {
                    var (ix, iy) = a.At(0.31 + J(0.06), 0.47 + J(0.06));
                    canvas.Gaussian(ix, iy, a.Size(0.03), 0.22);
                }

                break;
            case "Mass": // Large round opacity, upper left lung.
                var (mx, my) = a.At(0.67 + J(), 0.33 + J());
                canvas.Ellipse(mx, my, a.Size(0.075), a.Size(0.075), 0, gray(0.75), softness: 0.15);
                break;
            case "Nodule": // Small very bright spot, upper right lung.
                var (nx, ny) = a.At(0.3 + J(), 0.29 + J());
                canvas.Ellipse(nx, ny, a.Size(0.04), a.Size(0.04), 0, gray(0.95));
                break;
            case "Pneumonia": // Large soft consolidation, lower left lung.
                var (px, py) = a.At(0.71 + J(), 0.56 + J());
                canvas.Gaussian(px, py, a.Size(0.08), 0.3);
                break;
            case "Pneumothorax": // Black, structureless apex past the right lung's edge, bounded by a bright pleural line.
                var (tx, ty) = a.At(0.2 + J(), 0.25 + J());
                canvas.Ellipse(tx, ty, a.Size(0.1), a.Size(0.13), 0.2, Shade.Gray(0.0), softness: 0.1);
                canvas.Line(tx + a.Size(0.1), ty - a.Size(0.1), tx + a.Size(0.1), ty + a.Size(0.12), a.Size(0.02), Shade.Gray(0.75));
                break;
            case "Consolidation": // Dense elongated wedge, mid right lung.
                var (cx, cy) = a.At(0.36 + J(), 0.5 + J());
                canvas.Ellipse(cx, cy, a.Size(0.1), a.Size(0.035), 0.6, gray(0.7));
                break;
            case "Edema": // Symmetric perihilar "bat wing" haze.
                foreach (double side in new[] { -1.0, 1.0 })
                {
                    var (dx, dy) = a.At(0.5 + (side * 0.12), 0.46 + J());
                    canvas.Gaussian(dx, dy, a.Size(0.06), 0.25);
                }

                break;
            case "Fibrosis": // Reticular grid, both upper zones.
                foreach (double lungX in new[] { RightLungX, LeftLungX })
                {
                    for (int k = -1; k <= 1; k++)
                    {
                        var (hx0, hy0) = a.At(lungX - 0.07, 0.3 + (k * 0.05));
                        var (hx1, hy1) = a.At(lungX + 0.07, 0.3 + (k * 0.05));
                        var (vx0, vy0) = a.At(lungX + (k * 0.05), 0.23);
                        var (vx1, vy1) = a.At(lungX + (k * 0.05), 0.37);
                        canvas.Line(hx0, hy0, hx1, hy1, a.Size(0.012), Shade.Gray(0.55), opacity: 0.8);
                        canvas.Line(vx0, vy0, vx1, vy1, a.Size(0.012), Shade.Gray(0.55), opacity: 0.8);
                    }
                }

                break;
            case "Pleural_Thickening": // Bright strip over the outer edge of the left lung.
                var (lx0, ly0) = a.At(0.79 + J(0.01), 0.26);
                var (lx1, ly1) = a.At(0.8 + J(0.01), 0.66);
                canvas.Line(lx0, ly0, lx1, ly1, a.Size(0.05), gray(0.8));
                break;
            case "Hernia": // Round mass below the heart with a small gas bubble at its top.
                var (gx, gy) = a.At(0.5 + J(), 0.82 + J());
                canvas.Ellipse(gx, gy, a.Size(0.11), a.Size(0.09), 0, gray(0.9));
                canvas.Ellipse(gx, gy - a.Size(0.05), a.Size(0.03), a.Size(0.02), 0, Shade.Gray(0.05));
                break;
            case "Emphysema" or "Cardiomegaly":
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(finding), finding, "Not an NIH ChestX-ray14 finding.");
        }
    }
}
