using System.Diagnostics;
using MeLo.Model.Lora;
using MeLo.Model.Vit;
using static TorchSharp.torch;

namespace MeLo.Cli.Benchmarks;

/// <summary>
/// Times a plain backbone forward against a mixed-adapter forward (every sample its own adapter slot) on the same
/// batch, alternating A B A B so that machine drift hits both; the ratio is taken pair by pair and the median quoted.
/// </summary>
public static class ForwardBenchmark
{
    public static ForwardBenchmarkReport Run(VitConfig config, int batch, int adapters, int pairs, int warmup, long seed = 0)
    {
        manual_seed(seed);
        using var backbone = new VisionTransformer(config with { NumClasses = 0 });
        backbone.Freeze();
        backbone.eval();
        using var stack = new AdapterStack(backbone, adapters, maxRank: 4);
        for (int i = 0; i < adapters; i++)
        {
            using var adapter = LoraAdapter.Create(backbone, LoraSettings.MeLoDefault, numClasses: 2 + i, seed: seed + i);
            using (no_grad())
                foreach (var target in adapter.Settings.Targets)
                    adapter.B(target).normal_(0, 0.02);
            stack.Load(i, adapter);
        }
        var random = new Random((int)seed);
        var slots = Enumerable.Range(0, batch).Select(_ => random.Next(adapters)).ToArray();
        using var pixels = randn(batch, 3, config.ImageSize, config.ImageSize);

        double Plain() => Time(() => backbone.ForwardFeatures(pixels));
        double Mixed() => Time(() => { stack.Forward(pixels, slots); });
        for (int i = 0; i < warmup; i++)
        {
            Plain();
            Mixed();
        }
        var plain = new List<double>();
        var mixed = new List<double>();
        for (int i = 0; i < pairs; i++)
        {
            // Alternate which goes first so that neither always runs on a warmer cache.
            if (i % 2 == 0) { plain.Add(Plain()); mixed.Add(Mixed()); }
            else { mixed.Add(Mixed()); plain.Add(Plain()); }
        }
        var ratios = plain.Zip(mixed, (p, m) => m / p).ToList();
        return new ForwardBenchmarkReport(config.Name, batch, adapters, pairs, get_num_threads(),
            batch / Median(plain), batch / Median(mixed), Median(ratios), ratios.Min(), ratios.Max());
    }

    static double Time(Action forward)
    {
        using var inference = inference_mode();
        using var scope = NewDisposeScope();
        var watch = Stopwatch.StartNew();
        forward();
        return watch.Elapsed.TotalSeconds;
    }

    static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
