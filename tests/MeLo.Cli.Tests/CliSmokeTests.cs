using System.Text.Json;

namespace MeLo.Cli.Tests;

/// <summary>The training-side commands end to end: synth, train, eval, pretrain and bench train.</summary>
public sealed class CliSmokeTests(SyntheticBloodCell data) : IClassFixture<SyntheticBloodCell>
{
    static CliResult Melo(params string[] args) => CliResult.Run(args);

    [Fact]
    public void Synth_then_train_then_eval_runs_end_to_end()
    {
        var root = data.NewDirectory("cli");
        var synth = Melo("synth", "--out", root, "--tasks", "bloodcell-like", "--per-class", "8", "--seed", "1");
        Assert.True(synth.ExitCode == 0, synth.Error);
        Assert.StartsWith("SYNTHETIC DATA", synth.Output);
        var images = Path.Combine(root, "bloodcell-like", "images");

        var output = Path.Combine(root, "trained");
        var train = Melo("train", "--data", images, "--out", output, "--epochs", "2", "--split", "50/25/25", "--no-plots", "--lr", "1e-2");
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("untrained demo backbone", train.Output);
        Assert.Contains("epoch 2/2", train.Output);
        Assert.Contains("Multi-class", train.Output);
        Assert.True(File.Exists(Path.Combine(output, "adapter.safetensors")));
        Assert.True(File.Exists(Path.Combine(output, "report.json")));

        var eval = Melo("eval", "--adapter", Path.Combine(output, "adapter.safetensors"), "--data", images, "--json");
        Assert.True(eval.ExitCode == 0, eval.Error);
        using var json = JsonDocument.Parse(eval.Output);
        Assert.Equal(32, json.RootElement.GetProperty("sampleCount").GetInt32());
        Assert.Equal("trained", json.RootElement.GetProperty("row").GetProperty("dataset").GetString());
        Assert.Equal(4, json.RootElement.GetProperty("confusionMatrix").GetArrayLength());
        // The row carries the method and trainable count the adapter's manifest recorded at training time.
        using var trained = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        Assert.Equal(trained.RootElement.GetProperty("parameters").GetProperty("trainable").GetInt64(),
            json.RootElement.GetProperty("row").GetProperty("trainableParameters").GetInt64());
        Assert.Equal("MeLo (LoRA r=4)", json.RootElement.GetProperty("row").GetProperty("method").GetString());

        var text = Melo("eval", "--adapter", Path.Combine(output, "adapter.safetensors"), "--data", images, "--subset", "test");
        Assert.True(text.ExitCode == 0, text.Error);
        Assert.Contains("confusion matrix", text.Output);
        Assert.Contains("MeLo (LoRA r=4)", text.Output);
    }

    [Fact]
    public void Errors_print_one_line_and_exit_non_zero()
    {
        var missing = Melo("eval", "--adapter", Path.Combine(data.Root, "missing.safetensors"), "--data", data.Root);
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("error: Adapter file not found", missing.Error);

        var noData = Melo("train", "--out", data.NewDirectory("no-data"));
        Assert.Equal(1, noData.ExitCode);
        Assert.StartsWith("error: Give the images with either --data", noData.Error);
    }

    [Fact]
    public void Train_runs_on_the_device_and_demo_backbone_it_is_given_and_refuses_unknown_ones()
    {
        var images = data.Images;
        var output = data.NewDirectory("device-cpu");
        var cpu = Melo("train", "--data", images, "--out", output, "--epochs", "1", "--split", "50/25/25", "--no-plots", "--device", "cpu",
            "--demo-backbone", "pretrained");
        Assert.True(cpu.ExitCode == 0, cpu.Error);
        Assert.Contains("device cpu", cpu.Output);
        Assert.Contains("melo_pretrained_vit_64 (pretrained demo backbone (SYNTHETIC source, not ImageNet))", cpu.Output);
        Assert.True(File.Exists(Path.Combine(output, "adapter.safetensors")));
        var eval = Melo("eval", "--adapter", Path.Combine(output, "adapter.safetensors"), "--data", images, "--demo-backbone", "pretrained");
        Assert.True(eval.ExitCode == 0, eval.Error);

        var kind = Melo("train", "--data", images, "--out", data.NewDirectory("kind-bad"), "--demo-backbone", "imagenet");
        Assert.Equal(1, kind.ExitCode);
        Assert.StartsWith("error: Unknown --demo-backbone 'imagenet'; use random or pretrained.", kind.Error);

        var unknown = Melo("train", "--data", images, "--out", data.NewDirectory("device-bad"), "--device", "tpu");
        Assert.Equal(1, unknown.ExitCode);
        Assert.StartsWith("error: Unknown device 'tpu'; use cpu, cuda or cuda:N.", unknown.Error);
    }

    [Fact]
    public void Pretrain_writes_a_backbone_that_loads_and_refuses_bad_options()
    {
        var config = Path.Combine(data.NewDirectory("pretrain-config"), "tiny.json");
        File.WriteAllText(config, """{"name":"tiny_cli_pretrain","imageSize":32,"patchSize":8,"dim":32,"depth":1,"heads":2,"mlpDim":64}""");
        var output = data.NewDirectory("pretrain-cli");
        var run = Melo("pretrain", "--out", output, "--config", config, "--epochs", "1", "--steps-per-epoch", "2", "--batch-size", "4",
            "--warmup-steps", "1", "--val-images", "8", "--seed", "5");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("SYNTHETIC source distribution", run.Output);
        var weights = Path.Combine(output, "tiny_cli_pretrain.safetensors");
        var manifest = Model.Vit.PretrainedDemoBackbone.ReadManifest(weights);
        Assert.Equal($"melo pretrain --out {output} --config {config} --epochs 1 --steps-per-epoch 2 --batch-size 4 --warmup-steps 1 --val-images 8 --seed 5", manifest.Command);
        Assert.Equal(5, manifest.Seed);

        var bad = Melo("pretrain", "--out", data.NewDirectory("pretrain-bad"), "--epochs", "0");
        Assert.Equal(1, bad.ExitCode);
        Assert.StartsWith("error: Invalid pretraining options: epochs must be at least 1, not 0", bad.Error);
    }

    [Fact]
    public void Bench_train_prints_a_synthetic_table_one_analogue()
    {
        var chart = Path.Combine(data.NewDirectory("bench-chart"), "chart.png");
        var bench = Melo("bench", "train", "--tasks", "inbreast-like", "--modes", "lora,full,head", "--epochs", "1", "--per-class", "5",
            "--adapter-lr", "3e-3,1e-2", "--full-lr", "1e-3", "--chart", chart, "--json");
        Assert.True(bench.ExitCode == 0, bench.Error);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(chart).Take(4));
        using var json = JsonDocument.Parse(bench.Output);
        var runs = json.RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(["lora", "full", "head"], runs.Select(r => r.GetProperty("mode").GetString()));
        // Each method keeps one rate from its own list (the one best on validation).
        Assert.Contains(runs[0].GetProperty("learningRate").GetDouble(), new[] { 3e-3, 1e-2 });
        Assert.Equal(1e-3, runs[1].GetProperty("learningRate").GetDouble());
        Assert.Contains("split 45/15/40", json.RootElement.GetProperty("data").GetString());
        // The headline of the comparison: MeLo minus full fine-tuning, from the two rows' own numbers.
        var gap = json.RootElement.GetProperty("gaps").EnumerateArray().Single();
        Assert.Equal("inbreast-like", gap.GetProperty("task").GetString());
        double loraAccuracy = runs[0].GetProperty("row").GetProperty("accuracy").GetDouble(), fullAccuracy = runs[1].GetProperty("row").GetProperty("accuracy").GetDouble();
        Assert.Equal(100 * (loraAccuracy - fullAccuracy), gap.GetProperty("accuracyPoints").GetDouble(), 6);

        var text = Melo("bench", "train", "--tasks", "inbreast-like", "--modes", "lora,full", "--epochs", "1", "--per-class", "5", "--adapter-lr", "1e-2",
            "--full-lr", "1e-3", "--chart", chart);
        Assert.True(text.ExitCode == 0, text.Error);
        // The banner, the backbone it names, the table's columns and methods, and the comparison block.
        Assert.All(new[]
        {
            Benchmarks.TrainBenchmarkReport.Banner, "melo_pretrained_vit_64 (pretrained demo backbone (SYNTHETIC source, not ImageNet))",
            "Trainable %", "Peak RSS MiB", "MeLo (LoRA r=4)", "Full fine-tuning", "MeLo minus full fine-tuning",
        }, expected => Assert.Contains(expected, text.Output));

        var bad = Melo("bench", "train", "--adapter-lr", "1e-2,fast");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("Learning rates '1e-2,fast' must be positive numbers", bad.Error);
    }
}
