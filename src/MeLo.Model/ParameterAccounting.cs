using MeLo.Model.Lora;
using MeLo.Model.Vit;

namespace MeLo.Model;

/// <summary>Parameter counts as the MeLo paper counts them (its "M" divides by 2^20).</summary>
public static class ParameterAccounting
{
    /// <summary>Backbone parameters, including the checkpoint's own head when the config has one.</summary>
    public static long Backbone(VitConfig c)
    {
        long d = c.Dim, m = c.MlpDim, tokens = 1 + (long)c.GridSize * c.GridSize;
        long patch = d * c.Channels * c.PatchSize * c.PatchSize + (c.PatchBias ? d : 0);
        long block = 2 * 2 * d + (3 * d * d + 3 * d) + (d * d + d) + (d * m + m) + (m * d + d);
        long head = c.NumClasses > 0 ? d * c.NumClasses + c.NumClasses : 0;
        return patch + d + tokens * d + (c.PreNorm ? 2 * d : 0) + c.Depth * block + 2 * d + head;
    }

    /// <summary>LoRA parameters: for every layer and target, r·(in + out).</summary>
    public static long Lora(VitConfig c, LoraSettings s) =>
        c.Depth * s.Targets.Sum(t => (long)s.Rank * (t.InFeatures(c) + t.OutFeatures(c)));

    /// <summary>A task head: weight and bias.</summary>
    public static long Head(VitConfig c, int classes) => (long)c.Dim * classes + classes;

    /// <summary>Trainable parameters in MeLo mode: LoRA plus head.</summary>
    public static long Trainable(VitConfig c, LoraSettings s, int classes) => Lora(c, s) + Head(c, classes);

    /// <summary>In the paper's unit: parameters / 2^20.</summary>
    public static double InPaperMillions(long parameters) => parameters / (double)(1 << 20);
}
