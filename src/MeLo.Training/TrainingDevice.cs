using static TorchSharp.torch;

namespace MeLo.Training;

/// <summary>Parses <c>melo train --device</c>: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>, refusing CUDA where this build or machine has none.</summary>
public static class TrainingDevice
{
    /// <exception cref="ArgumentException">Not a device name, or CUDA without a CUDA-enabled build and GPU.</exception>
    public static Device Parse(string name)
    {
        string normalized = name.Trim().ToLowerInvariant();
        if (normalized == "cpu")
            return CPU;
        if (normalized == "cuda" || (normalized.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(normalized[5..], out int index) && index >= 0))
        {
            if (!cuda.is_available())
                throw new ArgumentException($"Device '{name}' is not available: this build or machine has no CUDA (build with -p:TorchBackend=cuda on a GPU machine), use cpu.");
            return device(normalized);
        }
        throw new ArgumentException($"Unknown device '{name}'; use cpu, cuda or cuda:N.");
    }
}
