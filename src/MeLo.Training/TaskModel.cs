using MeLo.Model.Lora;
using MeLo.Model.Vit;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MeLo.Training;

/// <summary>
/// A backbone plus what makes it one task's classifier, in one of the three <see cref="TrainingMode"/>s; or a model loaded
/// for evaluation. Every mode keeps a <see cref="LoraAdapter"/> for the head (and, in MeLo mode, the LoRA plug-in), so the
/// head is initialised identically in all modes. Disposes an adapter it created, never the backbone.
/// </summary>
public sealed class TaskModel : IDisposable
{
    readonly List<Parameter> _trainable;
    readonly bool _ownsAdapter;

    TaskModel(TrainingMode mode, VisionTransformer backbone, LoraAdapter? adapter, int classCount, bool ownsAdapter)
    {
        _ownsAdapter = ownsAdapter;
        Mode = mode;
        Backbone = backbone;
        Adapter = adapter;
        ClassCount = classCount;
        _trainable = backbone.parameters().Concat(adapter?.parameters() ?? []).Where(p => p.requires_grad).ToList();
        Device = backbone.parameters().First().device;
    }

    /// <summary>Where the weights live; <see cref="Logits"/> moves its input there.</summary>
    public Device Device { get; }

    public TrainingMode Mode { get; }

    public VisionTransformer Backbone { get; }

    /// <summary>LoRA and head; null for a loaded full fine-tuning model, whose backbone carries the task head.</summary>
    public LoraAdapter? Adapter { get; }

    public int ClassCount { get; }

    /// <summary>The parameters the optimiser updates, in a fixed order (optimizer state files depend on it).</summary>
    public IReadOnlyList<Parameter> TrainableParameters => _trainable;

    public long TrainableParameterCount => _trainable.Sum(p => p.numel());

    /// <summary>Every parameter the task's served model uses: the backbone without its own head, plus LoRA (MeLo only) and the task head.</summary>
    public long TotalParameterCount
    {
        get
        {
            long backbone = Backbone.named_parameters().Where(p => Adapter is null || !p.name.StartsWith("head.", StringComparison.Ordinal)).Sum(p => p.parameter.numel());
            return Mode switch
            {
                TrainingMode.Lora => backbone + Adapter!.parameters().Sum(p => p.numel()),
                _ => backbone + (Adapter is null ? 0 : Adapter.Head.parameters().Sum(p => p.numel())),
            };
        }
    }

    /// <summary>
    /// A fresh task model. MeLo and linear probes freeze the backbone; full fine-tuning unfreezes all of it except the
    /// checkpoint's own classifier, which the task head replaces. The backbone is changed in place by full fine-tuning,
    /// and moved to <paramref name="device"/> when one is given.
    /// </summary>
    public static TaskModel ForTraining(VisionTransformer backbone, TrainingMode mode, LoraSettings lora, int classCount, long seed, Device? device = null)
    {
        // Created on the CPU from the seed and then moved, so the initial weights do not depend on the device.
        var adapter = LoraAdapter.Create(backbone, lora, classCount, seed);
        if (device is not null)
        {
            backbone.to(device);
            adapter.to(device);
        }
        backbone.Freeze();
        if (mode != TrainingMode.Lora)
            foreach (var target in lora.Targets)
            {
                // B stays zero, so the frozen plug-in is exactly the identity.
                adapter.A(target).requires_grad = false;
                adapter.B(target).requires_grad = false;
            }
        if (mode == TrainingMode.Full)
            foreach (var (name, parameter) in backbone.named_parameters())
                parameter.requires_grad = !name.StartsWith("head.", StringComparison.Ordinal);
        return new TaskModel(mode, backbone, adapter, classCount, ownsAdapter: true);
    }

    /// <summary>An adapter read from a file, attached to its backbone for evaluation (the caller keeps owning both).</summary>
    /// <exception cref="Model.Adapters.BackboneMismatchException">The adapter was trained on other backbone weights.</exception>
    public static TaskModel ForAdapter(VisionTransformer backbone, LoraAdapter adapter)
    {
        adapter.EnsureFits(backbone);
        return new TaskModel(TrainingMode.Lora, backbone, adapter, adapter.NumClasses, ownsAdapter: false);
    }

    /// <summary>A fully fine-tuned model whose own head is the task head.</summary>
    public static TaskModel ForFullModel(VisionTransformer model) => new(TrainingMode.Full, model, null, model.Config.NumClasses, ownsAdapter: false);

    /// <summary>Task logits [B, classes].</summary>
    public Tensor Logits(Tensor pixels) => LogitsOnDevice(pixels.to(Device));

    Tensor LogitsOnDevice(Tensor pixels) => (Mode, Adapter) switch
    {
        (_, null) => Backbone.forward(pixels),
        (TrainingMode.Lora, _) => Adapter.Forward(Backbone, pixels),
        // The plug-in is the identity here (B = 0); skipping it saves the LoRA matmuls.
        _ => Adapter.Classify(Backbone.ForwardFeatures(pixels)),
    };

    /// <summary>Switches the modules between training and inference behaviour.</summary>
    public void SetTraining(bool training)
    {
        Backbone.train(training);
        Adapter?.train(training);
    }

    /// <summary>The weights a checkpoint must hold to restore this model: the adapter, and in full mode the backbone.</summary>
    internal Dictionary<string, Tensor> CheckpointWeights()
    {
        var weights = Adapter!.state_dict().ToDictionary(kv => "adapter." + kv.Key, kv => kv.Value);
        if (Mode == TrainingMode.Full)
            foreach (var (key, value) in Backbone.state_dict())
                weights["backbone." + key] = value;
        return weights;
    }

    /// <summary>Copies weights saved by <see cref="CheckpointWeights"/> back in; every key must match.</summary>
    internal void LoadCheckpointWeights(IReadOnlyDictionary<string, Tensor> weights)
    {
        var own = CheckpointWeights();
        var missing = own.Keys.Where(k => !weights.ContainsKey(k)).ToList();
        if (missing.Count > 0 || weights.Count != own.Count)
            throw new InvalidDataException($"Checkpoint weights do not fit this model (missing: {string.Join(", ", missing.Take(5))}; {weights.Count} saved, {own.Count} expected).");
        using var noGrad = no_grad();
        foreach (var (key, value) in own)
            value.copy_(weights[key]);
    }

    public void Dispose()
    {
        if (_ownsAdapter)
            Adapter?.Dispose();
    }
}
