using System.CommandLine;
using MeLo.Data;
using MeLo.Training;

namespace MeLo.Cli.Commands;

/// <summary>The options that say where a task's images are and how they are labelled and split (train and eval).</summary>
public sealed class DataSourceOptions
{
    public Option<string?> Folder { get; } = new("--data") { Description = "Image folder: one subfolder per class (root/<class>/<images>)." };
    public Option<string?> Csv { get; } = new("--csv") { Description = "CSV manifest: one row per image." };
    public Option<string> PathColumn { get; } = new("--path-column") { Description = "Manifest column with image paths.", DefaultValueFactory = _ => "path" };
    public Option<string> LabelColumn { get; } = new("--label-column") { Description = "Manifest column with labels.", DefaultValueFactory = _ => "label" };
    public Option<string?> MultiLabelSeparator { get; } = new("--multi-label") { Description = "Multi-label task: the separator joining labels in one field, e.g. '|'." };
    public Option<string?> NegativeLabel { get; } = new("--negative-label") { Description = "Multi-label: the label meaning no finding, e.g. 'No Finding'." };
    public Option<string?> LabelMap { get; } = new("--label-map") { Description = "Rename raw labels, e.g. '1,2,3=benign;*=malignant'." };
    public Option<string?> Labels { get; } = new("--labels") { Description = "Comma-separated label order (the head's output order); default: sorted." };
    public Option<string?> GroupColumn { get; } = new("--group-column") { Description = "Patient column: a patient's images stay in one split part." };
    public Option<string?> SplitColumn { get; } = new("--split-column") { Description = "Manifest column with train/val/test; overrides --split." };
    public Option<string?> ImageRoot { get; } = new("--image-root") { Description = "Folder relative manifest paths start from (default: the manifest's folder)." };
    public Option<bool> FindByName { get; } = new("--find-by-name") { Description = "Find manifest images by file name anywhere below the image root." };
    public Option<string> Split { get; } = new("--split") { Description = "Random split train/val/test, e.g. 70/15/15.", DefaultValueFactory = _ => "70/15/15" };
    public Option<int> SplitSeed { get; } = new("--split-seed") { Description = "Seed of the random split.", DefaultValueFactory = _ => 0 };
    public Option<BadFilePolicy> BadFiles { get; } = new("--bad-files") { Description = "Unreadable images: fail (stop, naming the file) or skip (leave out and report).", DefaultValueFactory = _ => BadFilePolicy.Fail };
    public Option<ImageCheck> ImageCheck { get; } = new("--image-check") { Description = "Check while loading: exists, header or decode (every image).", DefaultValueFactory = _ => Data.ImageCheck.Header };

    public IEnumerable<Option> All =>
        [Folder, Csv, PathColumn, LabelColumn, MultiLabelSeparator, NegativeLabel, LabelMap, Labels, GroupColumn, SplitColumn, ImageRoot, FindByName, Split, SplitSeed, BadFiles, ImageCheck];

    /// <param name="labelOrder">Fixes the label order (e.g. an adapter's); --labels wins when given.</param>
    public TaskDataSource Create(ParseResult parse, IReadOnlyList<string>? labelOrder = null)
    {
        var folder = parse.GetValue(Folder);
        var csv = parse.GetValue(Csv);
        if ((folder is null) == (csv is null))
            throw new ArgumentException("Give the images with either --data <folder> or --csv <manifest>.");
        var labels = parse.GetValue(Labels)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? labelOrder;
        return new TaskDataSource
        {
            ImageFolder = folder,
            CsvPath = csv,
            Csv = csv is null ? null : new CsvManifestOptions
            {
                PathColumn = parse.GetValue(PathColumn)!,
                LabelColumn = parse.GetValue(LabelColumn)!,
                MultiLabelSeparator = parse.GetValue(MultiLabelSeparator),
                NegativeLabel = parse.GetValue(NegativeLabel),
                LabelMapping = parse.GetValue(LabelMap) is { } map ? LabelMapping.Parse(map) : null,
                LabelNames = labels,
                GroupColumn = parse.GetValue(GroupColumn),
                SplitColumn = parse.GetValue(SplitColumn),
                ImageRoot = parse.GetValue(ImageRoot),
                FindImagesByFileName = parse.GetValue(FindByName),
            },
            Split = SplitRatios.Parse(parse.GetValue(Split)!),
            SplitSeed = parse.GetValue(SplitSeed),
            ImageCheck = parse.GetValue(ImageCheck),
        };
    }
}
