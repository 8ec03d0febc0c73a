using System.Globalization;
using System.Text.Json;
using MeLo.Model.IO;
using MeLo.Model.SafeTensors;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MeLo.Training;

/// <summary>
/// Per-epoch checkpoints: each finished epoch writes <c>epoch-NNNN/</c> (weights.safetensors, optimizer.bin, state.json)
/// and then points <c>latest.json</c> at it with an atomic rename, so an interruption at any moment leaves the previous
/// complete epoch to resume from. The best epoch's folder is kept as well; older ones are deleted.
/// Shuffling, augmentation and the learning rate are functions of (seed, epoch), so the epoch number is their whole state.
/// </summary>
internal sealed class TrainingCheckpoint(string directory)
{
    const string LatestFile = "latest.json";
    const string WeightsFile = "weights.safetensors";
    const string OptimizerFile = "optimizer.bin";
    const string StateFile = "state.json";
    const string EpochPrefix = "epoch-";

    public string Directory { get; } = directory;

    public bool Exists => File.Exists(Path.Combine(Directory, LatestFile));

    /// <summary>Removes checkpoints of an earlier run (only files this class writes).</summary>
    public void Clear()
    {
        File.Delete(Path.Combine(Directory, LatestFile));
        if (System.IO.Directory.Exists(Directory))
            foreach (var epochDirectory in System.IO.Directory.EnumerateDirectories(Directory, EpochPrefix + "*"))
                System.IO.Directory.Delete(epochDirectory, recursive: true);
    }

    public void Save(TrainingCheckpointState state, TaskModel model, Adam optimizer)
    {
        string epochDirectory = EpochDirectory(state.CompletedEpochs);
        if (System.IO.Directory.Exists(epochDirectory))
            System.IO.Directory.Delete(epochDirectory, recursive: true);
        System.IO.Directory.CreateDirectory(epochDirectory);
        SafeTensorsFile.Write(Path.Combine(epochDirectory, WeightsFile), model.CheckpointWeights());
        using (var writer = new BinaryWriter(File.Create(Path.Combine(epochDirectory, OptimizerFile))))
            optimizer.save_state_dict(writer);
        File.WriteAllText(Path.Combine(epochDirectory, StateFile), JsonSerializer.Serialize(state, TrainingJson.Options));

        AtomicFile.WriteAllText(Path.Combine(Directory, LatestFile), state.CompletedEpochs.ToString(CultureInfo.InvariantCulture));

        foreach (var old in System.IO.Directory.EnumerateDirectories(Directory, EpochPrefix + "*"))
            if (old != epochDirectory && old != EpochDirectory(state.BestEpoch))
                System.IO.Directory.Delete(old, recursive: true);
    }

    /// <summary>Restores the latest epoch's weights and optimizer state and returns its bookkeeping.</summary>
    /// <exception cref="InvalidOperationException">The checkpoint belongs to a run with other options or data.</exception>
    public TrainingCheckpointState Load(TrainingRunIdentity identity, TaskModel model, Adam optimizer)
    {
        int epoch = int.Parse(File.ReadAllText(Path.Combine(Directory, LatestFile)), CultureInfo.InvariantCulture);
        string epochDirectory = EpochDirectory(epoch);
        var state = JsonSerializer.Deserialize<TrainingCheckpointState>(File.ReadAllText(Path.Combine(epochDirectory, StateFile)), TrainingJson.Options)
            ?? throw new InvalidDataException($"{epochDirectory}/{StateFile} is empty.");
        var differences = state.Identity.Differences(identity);
        if (differences.Count > 0)
            throw new InvalidOperationException(
                $"The checkpoint in {Directory} was made by a different run ({string.Join(", ", differences)} differ); " +
                "resume with the same options and data, or start over without resuming.");
        LoadWeights(epochDirectory, model);
        using var reader = new BinaryReader(File.OpenRead(Path.Combine(epochDirectory, OptimizerFile)));
        optimizer.load_state_dict(reader);
        return state;
    }

    /// <summary>Puts the best epoch's weights into the model.</summary>
    public void LoadBestWeights(TrainingCheckpointState state, TaskModel model) => LoadWeights(EpochDirectory(state.BestEpoch), model);

    static void LoadWeights(string epochDirectory, TaskModel model)
    {
        var (weights, _) = SafeTensorsFile.Read(Path.Combine(epochDirectory, WeightsFile));
        try
        {
            model.LoadCheckpointWeights(weights);
        }
        finally
        {
            foreach (var tensor in weights.Values)
                tensor.Dispose();
        }
    }

    string EpochDirectory(int epoch) => Path.Combine(Directory, $"{EpochPrefix}{epoch:D4}");
}
