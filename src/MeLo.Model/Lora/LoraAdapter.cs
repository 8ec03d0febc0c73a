using MeLo.Model.Vit;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MeLo.Model.Lora;

/// <summary>
/// One task's MeLo plug-in: LoRA matrices for every layer of each target, stacked as A [depth, r, in] and
/// B [depth, out, r], plus the task's classifier head. These are the only trainable parameters in MeLo mode.
/// A is kaiming-uniform (a=√5, i.e. U(±1/√in)) and B is zero, so a fresh adapter leaves the backbone unchanged.
/// </summary>
public sealed class LoraAdapter : nn.Module, ILoraInjector
{
    // Parameters are looked up by name on use: Module.to(dtype) replaces them, so cached references would go stale.
    readonly Dictionary<LoraTarget, (string A, string B)> _weights = [];
    readonly Linear head; // field name = state-dict key

    public LoraAdapter(VitConfig backbone, LoraSettings settings, int numClasses) : base("lora_adapter")
    {
        settings.Validate();
        if (numClasses <= 0)
            throw new ArgumentException($"An adapter needs at least one class, not {numClasses}.");
        Backbone = backbone;
        TrainedOn = new BackboneIdentity(backbone.Name, "");
        Settings = settings;
        NumClasses = numClasses;
        foreach (var target in settings.Targets)
        {
            var a = nn.Parameter(zeros(backbone.Depth, settings.Rank, target.InFeatures(backbone)));
            var b = nn.Parameter(zeros(backbone.Depth, target.OutFeatures(backbone), settings.Rank));
            var names = ($"lora_{target.ShortName()}_a", $"lora_{target.ShortName()}_b");
            register_parameter(names.Item1, a);
            register_parameter(names.Item2, b);
            _weights[target] = names;
        }
        head = nn.Linear(backbone.Dim, numClasses);
        RegisterComponents();
    }

    public VitConfig Backbone { get; }

    /// <summary>The backbone this adapter was trained on; attaching it elsewhere is refused.</summary>
    public BackboneIdentity TrainedOn { get; set; }
    public LoraSettings Settings { get; }
    public int NumClasses { get; }
    public Linear Head => head;

    /// <summary>A fresh adapter for this backbone, initialised as MeLo does, deterministic by seed.</summary>
    public static LoraAdapter Create(VisionTransformer backbone, LoraSettings settings, int numClasses, long seed)
    {
        var config = backbone.Config;
        var adapter = new LoraAdapter(config, settings, numClasses) { TrainedOn = backbone.Identity };
        var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (var target in settings.Targets)
        {
            double bound = 1.0 / Math.Sqrt(target.InFeatures(config));
            adapter.A(target).uniform_(-bound, bound, generator);
        }
        double headBound = 1.0 / Math.Sqrt(config.Dim);
        adapter.head.weight!.uniform_(-headBound, headBound, generator);
        adapter.head.bias!.uniform_(-headBound, headBound, generator);
        return adapter;
    }

    public Parameter A(LoraTarget target) => get_parameter(_weights[target].A)!;
    public Parameter B(LoraTarget target) => get_parameter(_weights[target].B)!;

    public void Inject(int layer, LoraTarget target, Tensor input, Tensor output)
    {
        if (!_weights.ContainsKey(target))
            return;
        var delta = nn.functional.linear(nn.functional.linear(input, A(target)[layer]), B(target)[layer]);
        using var scale = Settings.Scale.ToScalar(); // held until add_ returns: see TorchScalars
        output.add_(delta, scale);
    }

    /// <summary>Task logits for final-norm class-token features.</summary>
    public Tensor Classify(Tensor features) => head.forward(features);

    /// <summary>Task logits with the LoRA deltas applied on the fly (the backbone stays untouched).</summary>
    public Tensor Forward(VisionTransformer backbone, Tensor pixels)
    {
        EnsureFits(backbone);
        return Classify(backbone.ForwardFeatures(pixels, this));
    }

    /// <summary>Adds scale·B·A into the backbone's weights, so that a plain forward equals this adapter's.</summary>
    public void MergeInto(VisionTransformer backbone)
    {
        EnsureFits(backbone);
        ApplyToWeights(backbone, Settings.Scale);
    }

    /// <summary>Subtracts what <see cref="MergeInto"/> added.</summary>
    public void UnmergeFrom(VisionTransformer backbone) => ApplyToWeights(backbone, -Settings.Scale);

    /// <summary>Refuses a backbone other than the one this adapter was trained on, naming both.</summary>
    public void EnsureFits(VisionTransformer backbone)
    {
        var config = backbone.Config;
        bool sameShape = config.Dim == Backbone.Dim && config.Depth == Backbone.Depth && config.MlpDim == Backbone.MlpDim;
        if (!sameShape || TrainedOn != backbone.Identity)
            throw new Adapters.BackboneMismatchException(
                $"Adapter was trained on backbone {TrainedOn} but this backbone is {backbone.Identity}.");
    }

    void ApplyToWeights(VisionTransformer backbone, double scale)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var target in _weights.Keys)
        {
            Tensor a = A(target), b = B(target);
            for (int layer = 0; layer < Backbone.Depth; layer++)
            {
                var weight = backbone.TargetWeight(layer, target);
                // In place, without a dim × dim temporary: a switch is memory-bound, and the temporary doubled its traffic.
                weight.addmm_(b[layer].to(weight.dtype), a[layer].to(weight.dtype), beta: 1, alpha: (float)scale);
            }
        }
    }
}
