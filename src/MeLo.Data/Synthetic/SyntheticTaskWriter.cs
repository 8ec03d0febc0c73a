using System.Globalization;
using System.Text;

namespace MeLo.Data;

/// <summary>
/// Writes synthetic stand-ins for the MeLo paper's four datasets (for `melo synth`, smoke tests and demos): PNG
/// folders, a CSV manifest and a README.txt per task. Each class or finding adds a strong, position- and
/// shape-specific pattern on top of random anatomy and noise, so a tiny ViT at 32-64 px learns it in a few
/// epochs. Output is byte-identical for the same options; images render in parallel from per-image seeds.
/// </summary>
public static class SyntheticTaskWriter
{
    /// <summary>First line of every README.txt.</summary>
    public const string Notice = "SYNTHETIC DATA: generated patterns, not medical images. For pipeline tests and demos only; never for clinical use.";

    private const string ManifestFileName = "labels.csv";

    private static readonly string[] BenignBirads = ["1", "2", "3"];

    private static readonly string[] MalignantBirads = ["4a", "4b", "4c", "5", "6"];

    /// <summary>Folder and command-line name of each task, in the order they are written.</summary>
    public static IReadOnlyList<(SyntheticTask Task, string Name)> TaskNames { get; } =
    [
        (SyntheticTask.ShenzhenLike, "shenzhen-like"),
        (SyntheticTask.BloodCellLike, "bloodcell-like"),
        (SyntheticTask.InbreastLike, "inbreast-like"),
        (SyntheticTask.NihLike, "nih-like"),
    ];

    private static readonly Dictionary<SyntheticTask, SingleLabelTask> SingleLabelTasks = new()
    {
        [SyntheticTask.ShenzhenLike] = new(
            "Chest X-ray-like, tuberculosis screening (after the Shenzhen set).",
            "tb: one to three bright blob infiltrates in the upper lung zones. normal: none (some have one faint spot).",
            ["normal", "tb"],
            IsGrayscale: true,
            (size, label, random) => ChestRenderer.DrawScreening(size, tuberculosis: label == 1, random)),
        [SyntheticTask.BloodCellLike] = new(
            "Blood-smear-like colour images, white-cell type (after the BCCD BloodCell set).",
            "eosinophil: orange granular cytoplasm, two-lobed nucleus. lymphocyte: small cell, one large round nucleus. "
            + "monocyte: large grey-blue cell, kidney-shaped nucleus. neutrophil: pale cell, three to five small lobes.",
            BloodCellRenderer.Classes,
            IsGrayscale: false,
            (size, label, random) => BloodCellRenderer.Draw(size, BloodCellRenderer.Classes[label], random)),
        [SyntheticTask.InbreastLike] = new(
            "Mammogram-like, benign vs malignant (after INbreast). Column birads holds a BI-RADS-like category; "
            + "the label mapping \"1,2,3=benign;*=malignant\" turns it into the label column.",
            "malignant: bright mass with radiating spicules, often fine calcifications. benign: faint smooth oval mass or a few coarse calcifications.",
            MammogramRenderer.Classes,
            IsGrayscale: true,
            (size, label, random) => MammogramRenderer.Draw(size, malignant: label == 1, random)),
    };

    /// <summary>Parses a comma-separated list of task names ("shenzhen-like,nih-like") or "all".</summary>
    /// <exception cref="FormatException">An unknown name.</exception>
    public static SyntheticTask ParseTasks(string names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var tasks = SyntheticTask.None;
        foreach (string name in names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (name.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                tasks |= SyntheticTask.All;
                continue;
            }

            var match = TaskNames.Where(t => t.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
            tasks |= match.Count == 1
                ? match[0].Task
                : throw new FormatException($"Unknown synthetic task '{name}'; known: all, {string.Join(", ", TaskNames.Select(t => t.Name))}.");
        }

        return tasks;
    }

    /// <summary>Writes the selected tasks, each into <paramref name="outputDirectory"/>/&lt;task name&gt;.</summary>
    /// <exception cref="IOException">A task folder already exists and is not empty, and <see cref="SyntheticTaskOptions.Overwrite"/> is off.</exception>
    public static IReadOnlyList<SyntheticTaskInfo> Write(string outputDirectory, SyntheticTaskOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outputDirectory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ImageSize, 8, nameof(options.ImageSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ImagesPerClass, 1, nameof(options.ImagesPerClass));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MultiLabelImageCount, 1, nameof(options.MultiLabelImageCount));

        var written = new List<SyntheticTaskInfo>();
        foreach (var (task, name) in TaskNames)
        {
            if (!options.Tasks.HasFlag(task))
            {
                continue;
            }

            string directory = PrepareDirectory(Path.Combine(Path.GetFullPath(outputDirectory), name), options.Overwrite);
            written.Add(task == SyntheticTask.NihLike
                ? WriteNihLike(directory, name, options, (int)task, cancellationToken)
                : WriteSingleLabel(directory, name, SingleLabelTasks[task], options, (int)task, cancellationToken));
        }

        return written;
    }

    private static string PrepareDirectory(string directory, bool overwrite)
    {
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            if (!overwrite)
            {
                throw new IOException($"'{directory}' already exists and is not empty; choose another output folder or overwrite.");
            }

            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        return directory;
    }

    private static SyntheticTaskInfo WriteSingleLabel(string directory, string name, SingleLabelTask task, SyntheticTaskOptions options, int taskId, CancellationToken cancellationToken)
    {
        var classes = task.Classes;
        int count = classes.Count * options.ImagesPerClass;
        var paths = new string[count];
        for (int i = 0; i < count; i++)
        {
            string label = classes[i / options.ImagesPerClass];
            paths[i] = $"images/{label}/{label}_{i % options.ImagesPerClass:D5}.png";
        }

        foreach (string label in classes)
        {
            Directory.CreateDirectory(Path.Combine(directory, "images", label));
        }

        bool withBirads = taskId == (int)SyntheticTask.InbreastLike;
        var birads = new string[count];
        RenderAll(count, i =>
        {
            var random = new Random(DerivedSeed.From(options.Seed, taskId, i));
            int label = i / options.ImagesPerClass;
            if (withBirads)
            {
                var categories = label == 1 ? MalignantBirads : BenignBirads;
                birads[i] = categories[random.Next(categories.Length)];
            }

            File.WriteAllBytes(Path.Combine(directory, paths[i]), task.Draw(options.ImageSize, label, random).EncodePng());
        }, cancellationToken);

        var csv = new StringBuilder(withBirads ? "path,label,birads\n" : "path,label\n");
        for (int i = 0; i < count; i++)
        {
            csv.Append(paths[i]).Append(',').Append(classes[i / options.ImagesPerClass]);
            csv.Append(withBirads ? $",{birads[i]}\n" : "\n");
        }

        string manifest = Path.Combine(directory, ManifestFileName);
        File.WriteAllText(manifest, csv.ToString());
        var manifestOptions = new CsvManifestOptions { PathColumn = "path", LabelColumn = "label", LabelNames = classes };
        var info = new SyntheticTaskInfo(name, task.Description, directory, manifest, manifestOptions, classes, IsMultiLabel: false, task.IsGrayscale, count, options.ImageSize);
        WriteReadme(info, options, task.Patterns, $"{ManifestFileName}: columns path (relative to this folder), label{(withBirads ? ", birads" : "")}. "
            + "images/<class>/ also loads as an image folder.");
        return info;
    }

    private static SyntheticTaskInfo WriteNihLike(string directory, string name, SyntheticTaskOptions options, int taskId, CancellationToken cancellationToken)
    {
        // Plan sequentially (patients, follow-ups, findings), then render in parallel from per-image seeds.
        var plan = new Random(DerivedSeed.From(options.Seed, taskId, -1));
        var images = new List<(int Patient, int FollowUp, string[] Findings)>();
        for (int patient = 1; images.Count < options.MultiLabelImageCount; patient++)
        {
            int followUps = Math.Min(1 + plan.Next(4), options.MultiLabelImageCount - images.Count);
            for (int followUp = 0; followUp < followUps; followUp++)
            {
                int findings = plan.NextDouble() < 0.45 ? 0 : plan.NextDouble() switch { < 0.6 => 1, < 0.9 => 2, _ => 3 };
                var chosen = NihChestXray14.LabelNames.OrderBy(_ => plan.Next()).Take(findings).ToArray();
                images.Add((patient, followUp, NihChestXray14.LabelNames.Where(chosen.Contains).ToArray()));
            }
        }

        string imageDirectory = Path.Combine(directory, "images");
        Directory.CreateDirectory(imageDirectory);
        string FileName(int i) => $"{images[i].Patient:D8}_{images[i].FollowUp:D3}.png";
        RenderAll(images.Count, i =>
        {
            var anatomy = ChestRenderer.SampleAnatomy(new Random(DerivedSeed.From(options.Seed, taskId, -1 - images[i].Patient)));
            var random = new Random(DerivedSeed.From(options.Seed, taskId, i));
            var findings = images[i].Findings;
            var canvas = ChestRenderer.DrawBase(options.ImageSize, anatomy, hyperlucentLungs: findings.Contains("Emphysema"), enlargedHeart: findings.Contains("Cardiomegaly"));
            foreach (string finding in findings)
            {
                ChestRenderer.DrawNihFinding(canvas, anatomy, finding, random);
            }

            canvas.Noise(random, 0.03);
            File.WriteAllBytes(Path.Combine(imageDirectory, FileName(i)), canvas.EncodePng());
        }, cancellationToken);

        var csv = new StringBuilder($"{NihChestXray14.ImageColumn},{NihChestXray14.LabelColumn},Follow-up #,{NihChestXray14.PatientColumn}\n");
        for (int i = 0; i < images.Count; i++)
        {
            string labels = images[i].Findings.Length == 0 ? NihChestXray14.NoFinding : string.Join(NihChestXray14.LabelSeparator, images[i].Findings);
            csv.Append(CultureInfo.InvariantCulture, $"{FileName(i)},{labels},{images[i].FollowUp},{images[i].Patient}\n");
        }

        string manifest = Path.Combine(directory, NihChestXray14.ManifestFileName);
        File.WriteAllText(manifest, csv.ToString());
        var info = new SyntheticTaskInfo(
            name,
            "Chest X-ray-like, 14 findings, multi-label (after NIH ChestX-ray14), several follow-up images per patient.",
            directory, manifest, NihChestXray14.ManifestOptions(imageDirectory) with { FindImagesByFileName = false },
            NihChestXray14.LabelNames, IsMultiLabel: true, IsGrayscale: true, images.Count, options.ImageSize);
        WriteReadme(
            info,
            options,
            "Each finding draws its own pattern at its own place: Atelectasis band (lower right lung), Cardiomegaly enlarged heart, "
            + "Effusion fluid at the lower left angle, Infiltration patchy haze (mid right), Mass large round opacity (upper left), "
            + "Nodule small bright spot (upper right), Pneumonia soft haze (lower left), Pneumothorax black apex with pleural line (right), "
            + "Consolidation dense wedge (mid right), Edema symmetric perihilar haze, Emphysema dark enlarged lungs, Fibrosis reticular grid "
            + "(both upper zones), Pleural_Thickening bright strip along the left lung edge, Hernia round mass with gas bubble below the heart.",
            $"{NihChestXray14.ManifestFileName}: columns \"{NihChestXray14.ImageColumn}\" (file name in images/), \"{NihChestXray14.LabelColumn}\" "
            + $"(joined with '{NihChestXray14.LabelSeparator}', \"{NihChestXray14.NoFinding}\" for none), \"Follow-up #\", \"{NihChestXray14.PatientColumn}\" (split by patient).");
        return info;
    }

    private static void RenderAll(int count, Action<int> render, CancellationToken cancellationToken) =>
        Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, render);

    private static void WriteReadme(SyntheticTaskInfo info, SyntheticTaskOptions options, string patterns, string manifest)
    {
        string readme = string.Join('\n',
            Notice,
            "",
            $"Task: {info.Name}. {info.Description}",
            $"Labels ({info.LabelNames.Count}, {(info.IsMultiLabel ? "multi-label" : "single-label")}): {string.Join(", ", info.LabelNames)}.",
            $"What tells them apart: {patterns}",
            $"Images: {info.ImageCount} {(info.IsGrayscale ? "grayscale" : "RGB")} PNG, {info.ImageSize}x{info.ImageSize} px, seed {options.Seed}.",
            $"Manifest: {manifest}",
            "");
        File.WriteAllText(Path.Combine(info.Directory, "README.txt"), readme);
    }

    /// <summary>A single-label task: its README text, classes and how to draw one image of a class.</summary>
    private sealed record SingleLabelTask(string Description, string Patterns, IReadOnlyList<string> Classes, bool IsGrayscale, Func<int, int, Random, SyntheticCanvas> Draw);
}
