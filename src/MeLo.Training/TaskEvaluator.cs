using MeLo.Data;
using MeLo.Imaging;
using static TorchSharp.torch;

namespace MeLo.Training;

/// <summary>Runs a task model over a dataset part in inference mode, on the calling thread, and scores it.</summary>
public static class TaskEvaluator
{
    /// <param name="labelSmoothing">Used for the reported loss of single-label tasks, so validation loss matches training loss.</param>
    /// <param name="thresholds">Multi-label decision thresholds (e.g. an adapter manifest's); null gives every label 0.5.</param>
    /// <exception cref="DatasetException">An image cannot be read and the reader's policy is Fail.</exception>
    public static TaskEvaluation Evaluate(TaskModel model, LabeledDataset data, ImagePreprocessing preprocessing, DatasetImageReader reader,
        int batchSize = 16, double labelSmoothing = 0, IReadOnlyList<double>? thresholds = null)
    {
        if (data.LabelNames.Count != model.ClassCount)
            throw new ArgumentException($"The data has {data.LabelNames.Count} labels but the model has {model.ClassCount} outputs.");
        var loss = new TaskLoss(data.IsMultiLabel, model.ClassCount, labelSmoothing);
        var builder = new ImageBatchBuilder(preprocessing, reader, augmentation: null);
        var probabilities = new List<float[]>();
        var truth = new List<DatasetItem>();
        double lossSum = 0;
        model.SetTraining(false);
        using var inference = inference_mode();
        foreach (var batch in data.Items.Chunk(batchSize))
        {
            var (pixels, kept) = builder.Build(batch, _ => 0);
            if (kept.Length == 0)
                continue;
            using var scope = NewDisposeScope();
            var logits = model.Logits(tensor(pixels, [kept.Length, 3, preprocessing.ImageSize, preprocessing.ImageSize]));
            lossSum += loss.Compute(logits, loss.Targets(batch, kept).to(model.Device)).item<float>() * kept.Length;
            var batchProbabilities = loss.Probabilities(logits).cpu().contiguous().data<float>().ToArray();
            for (int k = 0; k < kept.Length; k++)
            {
                probabilities.Add(batchProbabilities.AsSpan(k * model.ClassCount, model.ClassCount).ToArray());
                truth.Add(batch[kept[k]]);
            }
        }

        var probabilityMatrix = new double[truth.Count, model.ClassCount];
        var truthMatrix = new bool[truth.Count, model.ClassCount];
        for (int i = 0; i < truth.Count; i++)
        {
            for (int c = 0; c < model.ClassCount; c++)
                probabilityMatrix[i, c] = probabilities[i][c];
            foreach (int label in truth[i].Labels)
                truthMatrix[i, label] = true;
        }
        return TaskEvaluation.From(data.LabelNames, data.IsMultiLabel, truth.Count == 0 ? double.NaN : lossSum / truth.Count,
            truthMatrix, probabilityMatrix, truth.Select(t => t.ImagePath).ToArray(), thresholds);
    }

    /// <summary>
    /// The dataset relabelled to a model's label order, matching by name (an image folder's classes are sorted by name,
    /// which need not be the order the model was trained with, or may lack a class).
    /// </summary>
    /// <exception cref="ArgumentException">The data has a label the model does not know, or the task kinds differ.</exception>
    public static LabeledDataset AlignLabels(LabeledDataset data, IReadOnlyList<string> modelLabels, bool modelIsMultiLabel)
    {
        if (data.IsMultiLabel != modelIsMultiLabel)
            throw new ArgumentException($"The model is {(modelIsMultiLabel ? "multi-label" : "single-label")} but the data is {(data.IsMultiLabel ? "multi-label" : "single-label")}.");
        var index = modelLabels.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        var unknown = data.LabelNames.Where(name => !index.ContainsKey(name)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"The data has labels the model does not know: {string.Join(", ", unknown)} (model labels: {string.Join(", ", modelLabels)}).");
        var items = data.Items.Select(item => item with { Labels = item.Labels.Select(l => index[data.LabelNames[l]]).Order().ToArray() }).ToList();
        return new LabeledDataset(modelLabels, data.IsMultiLabel, items, data.Skipped);
    }
}
