using MeLo.Imaging;
using MeLo.Model;
using MeLo.Model.Adapters;
using MeLo.Model.Vit;

namespace MeLo.Training;

/// <summary>
/// What an evaluation scores: an adapter attached to its backbone, or a fully fine-tuned model, together with the task
/// facts its manifest carries (labels, thresholds, preprocessing, method and trainable parameters). Owns what it loaded.
/// </summary>
public sealed class EvaluationTarget : IDisposable
{
    readonly IDisposable[] _owned;

    EvaluationTarget(TaskModel model, string taskId, string method, IReadOnlyList<string> labels, bool multiLabel,
        IReadOnlyList<float> thresholds, AdapterPreprocessing preprocessing, long trainableParameters, params IDisposable[] owned)
    {
        Model = model;
        TaskId = taskId;
        Method = method;
        Labels = labels;
        MultiLabel = multiLabel;
        Thresholds = thresholds;
        Preprocessing = new ImagePreprocessing(preprocessing.ImageSize, Rgb(preprocessing.Mean), Rgb(preprocessing.Std));
        TrainableParameters = trainableParameters;
        _owned = owned;
    }

    public TaskModel Model { get; }
    public string TaskId { get; }
    /// <summary>The results table's method column, e.g. "MeLo (LoRA r=4)" or "Full fine-tuning".</summary>
    public string Method { get; }
    public IReadOnlyList<string> Labels { get; }
    public bool MultiLabel { get; }
    public IReadOnlyList<float> Thresholds { get; }
    public ImagePreprocessing Preprocessing { get; }
    public long TrainableParameters { get; }

    /// <summary>Loads exactly one of an adapter file (on the backbone <paramref name="loadBackbone"/> gives) or a full model file.</summary>
    /// <exception cref="ArgumentException">Neither or both files given.</exception>
    public static EvaluationTarget Load(string? adapterPath, string? modelPath, Func<VisionTransformer> loadBackbone)
    {
        if ((adapterPath is null) == (modelPath is null))
            throw new ArgumentException("Give either --adapter <file> or --model <file>.");
        return adapterPath is not null ? LoadAdapter(adapterPath, loadBackbone) : LoadFullModel(modelPath!);
    }

    static EvaluationTarget LoadAdapter(string path, Func<VisionTransformer> loadBackbone)
    {
        var loaded = AdapterFile.Load(path);
        VisionTransformer? backbone = null;
        try
        {
            backbone = loadBackbone();
            var lora = loaded.Adapter;
            var manifest = loaded.Manifest;
            return new EvaluationTarget(TaskModel.ForAdapter(backbone, lora), manifest.TaskId,
                manifest.Method is "" ? $"adapter (LoRA r={manifest.Rank})" : manifest.Method,
                manifest.Labels, manifest.MultiLabel, manifest.Thresholds, manifest.Preprocessing!,
                manifest.TrainableParameters ?? ParameterAccounting.Trainable(lora.Backbone, lora.Settings, lora.NumClasses),
                backbone, loaded);
        }
        catch
        {
            backbone?.Dispose();
            loaded.Dispose();
            throw;
        }
    }

    static EvaluationTarget LoadFullModel(string path)
    {
        var loaded = FullModelFile.Load(path);
        var manifest = loaded.Manifest;
        return new EvaluationTarget(TaskModel.ForFullModel(loaded.Model), manifest.TaskId, TrainingOptions.FullFineTuningMethod, manifest.Labels,
            manifest.MultiLabel, manifest.Thresholds, manifest.Preprocessing, manifest.TrainableParameters, loaded);
    }

    static RgbValues Rgb(float[] values) => new(values[0], values[1], values[2]);

    public void Dispose()
    {
        foreach (var owned in _owned)
            owned.Dispose();
    }
}
