namespace MeLo.Serving.Engine;

/// <summary>
/// One preprocessed image for one task: <paramref name="Pixels"/> is [3, ImageSize, ImageSize] in CHW order, already
/// normalised with the adapter's preprocessing (the gateway decodes on the CPU so the silo only does device work).
/// <paramref name="Version"/> null means the task's active version.
/// </summary>
public sealed record InferenceRequest(string TaskId, float[] Pixels, int ImageSize, string? Version = null);
