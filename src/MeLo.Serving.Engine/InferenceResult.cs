namespace MeLo.Serving.Engine;

/// <summary>
/// The answer for one image: per-class probabilities (softmax for single-label, sigmoid for multi-label), the predicted
/// labels (argmax, or every label over its threshold), and where the time went.
/// </summary>
public sealed record InferenceResult(
    string TaskId,
    string AdapterVersion,
    IReadOnlyList<string> Labels,
    float[] Probabilities,
    IReadOnlyList<string> PredictedLabels,
    TimeSpan QueueTime,
    TimeSpan ComputeTime,
    int BatchSize);
