using System.Globalization;
using System.Text.Json;
using MeLo.Model.SafeTensors;
using MeLo.Model.Vit;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MeLo.Training;

/// <summary>
/// Pretraining checkpoints, as <see cref="TrainingCheckpoint"/> does them for tasks: each finished epoch writes
/// <c>epoch-NNNN/</c> (weights, optimizer state, state.json) and then points <c>latest.json</c> at it by an atomic
/// rename; the previous epoch's folder is deleted afterwards. Images and learning rates depend on (seed, step) alone,
/// so the epoch number is the whole data state.
/// </summary>
internal sealed class PretrainingCheckpoint(string directory)
{
    const string LatestFile = "latest.json";

    public string Directory { get; } = directory;

    public bool Exists => File.Exists(Path.Combine(Directory, LatestFile));

    public void Save(PretrainingState state, VisionTransformer model, AdamW optimizer)
    {
        string epochDirectory = EpochDirectory(state.CompletedEpochs);
        if (System.IO.Directory.Exists(epochDirectory))
            System.IO.Directory.Delete(epochDirectory, recursive: true);
        System.IO.Directory.CreateDirectory(epochDirectory);
        SafeTensorsFile.Write(Path.Combine(epochDirectory, "weights.safetensors"), model.state_dict());
        using (var writer = new BinaryWriter(File.Create(Path.Combine(epochDirectory, "optimizer.bin"))))
            optimizer.save_state_dict(writer);
        File.WriteAllText(Path.Combine(epochDirectory, "state.json"), JsonSerializer.Serialize(state, TrainingJson.Options));

        string latest = Path.Combine(Directory, LatestFile);
        File.WriteAllText(latest + ".tmp", state.CompletedEpochs.ToString(CultureInfo.InvariantCulture));
        File.Move(latest + ".tmp", latest, overwrite: true);
        foreach (var old in System.IO.Directory.EnumerateDirectories(Directory, "epoch-*"))
            if (old != epochDirectory)
                System.IO.Directory.Delete(old, recursive: true);
    }

    /// <summary>Restores the latest epoch's weights and optimizer state and returns its bookkeeping.</summary>
    /// <exception cref="InvalidOperationException">The checkpoint was made with other options.</exception>
    public PretrainingState Load(PretrainingState fresh, VisionTransformer model, AdamW optimizer)
    {
        int epoch = int.Parse(File.ReadAllText(Path.Combine(Directory, LatestFile)), CultureInfo.InvariantCulture);
        string epochDirectory = EpochDirectory(epoch);
        var state = JsonSerializer.Deserialize<PretrainingState>(File.ReadAllText(Path.Combine(epochDirectory, "state.json")), TrainingJson.Options)
            ?? throw new InvalidDataException($"{epochDirectory}/state.json is empty.");
        var differences = fresh.Identity.Select(p => p.Key).Union(state.Identity.Select(p => p.Key))
            .Where(key => !System.Text.Json.Nodes.JsonNode.DeepEquals(fresh.Identity[key], state.Identity[key])).ToList();
        if (differences.Count > 0)
            throw new InvalidOperationException(
                $"The checkpoint in {Directory} was made with other options ({string.Join(", ", differences)} differ); resume with the same options, or start over without --resume.");
        var (weights, _) = SafeTensorsFile.Read(Path.Combine(epochDirectory, "weights.safetensors"));
        try
        {
            using var noGrad = no_grad();
            var own = model.state_dict();
            if (weights.Count != own.Count || own.Keys.Any(k => !weights.ContainsKey(k)))
                throw new InvalidDataException($"The checkpoint weights in {epochDirectory} do not fit this model.");
            foreach (var (key, value) in own)
                value.copy_(weights[key]);
        }
        finally
        {
            foreach (var tensor in weights.Values)
                tensor.Dispose();
        }
        using var reader = new BinaryReader(File.OpenRead(Path.Combine(epochDirectory, "optimizer.bin")));
        optimizer.load_state_dict(reader);
        return state;
    }

    /// <summary>Removes an earlier run's checkpoints (only what this class writes).</summary>
    public void Clear()
    {
        File.Delete(Path.Combine(Directory, LatestFile));
        if (System.IO.Directory.Exists(Directory))
            foreach (var epochDirectory in System.IO.Directory.EnumerateDirectories(Directory, "epoch-*"))
                System.IO.Directory.Delete(epochDirectory, recursive: true);
    }

    string EpochDirectory(int epoch) => Path.Combine(Directory, $"epoch-{epoch:D4}");
}
