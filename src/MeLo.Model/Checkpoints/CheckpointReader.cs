using System.Collections;
using MeLo.Model.SafeTensors;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MeLo.Model.Checkpoints;

/// <summary>Reads a state dict from safetensors or a PyTorch zip-format <c>.pt</c>/<c>.pth</c>/<c>.bin</c>, by content.</summary>
public static class CheckpointReader
{
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path))
            throw new CheckpointLoadException($"Checkpoint not found: {path}");
        var magic = new byte[8];
        using (var probe = File.OpenRead(path))
            probe.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);

        if (magic[0] == (byte)'P' && magic[1] == (byte)'K')
            return ReadPyTorchZip(path);
        if (magic[0] == 0x80)
            throw new CheckpointLoadException(
                $"{path} is a legacy (pre-1.6, non-zip) PyTorch file, which is not supported. Re-save it with torch.save(state_dict, path) " +
                "from PyTorch ≥ 1.6, or convert it to safetensors.");
        try
        {
            return SafeTensorsFile.Read(path).Tensors;
        }
        catch (SafeTensorsFormatException e)
        {
            throw new CheckpointLoadException($"{path} is neither a PyTorch zip checkpoint nor valid safetensors: {e.Message}");
        }
    }

    static Dictionary<string, Tensor> ReadPyTorchZip(string path)
    {
        Hashtable table;
        try
        {
            using var stream = File.OpenRead(path);
            table = PyTorchUnpickler.UnpickleStateDict(stream);
        }
        catch (Exception e)
        {
            throw new CheckpointLoadException($"Cannot read PyTorch checkpoint {path}: {e.Message}");
        }
        // Training checkpoints often wrap the weights: {"model": {...}} or {"state_dict": {...}}.
        foreach (var wrapper in new[] { "state_dict", "model", "module" })
            if (table[wrapper] is Hashtable inner)
                table = inner;

        var tensors = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry entry in table)
            if (entry.Value is Tensor value)
                tensors[(string)entry.Key] = value;
        if (tensors.Count == 0)
            throw new CheckpointLoadException($"{path} holds no tensors at its top level (expected a state dict).");
        return tensors;
    }
}
