namespace MeLo.Model.Adapters;

/// <summary>How images must be prepared for an adapter: square size and per-channel mean/std.</summary>
public sealed record AdapterPreprocessing(int ImageSize, float[] Mean, float[] Std);
