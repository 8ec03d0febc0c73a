using System.Text.Json;
using MeLo.Cli;
using MeLo.Hosting;

namespace MeLo.Training.Tests;

[Collection(SyntheticDataCollection.Name)]
public sealed class CliSmokeTests(SyntheticData data)
{
    static async Task<(int Exit, string Output, string Error)> Melo(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await CliRunner.InvokeAsync(MeLoCommandLine.Create(), args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Synth_then_train_then_eval_runs_end_to_end()
    {
        var root = data.NewDirectory("cli");
        var synth = await Melo("synth", "--out", root, "--tasks", "bloodcell-like", "--per-class", "8", "--seed", "1");
        Assert.True(synth.Exit == 0, synth.Error);
        Assert.StartsWith("SYNTHETIC DATA", synth.Output);
        var images = Path.Combine(root, "bloodcell-like", "images");

        var output = Path.Combine(root, "trained");
        var train = await Melo("train", "--data", images, "--out", output, "--epochs", "2", "--split", "50/25/25", "--no-plots", "--lr", "1e-2");
        Assert.True(train.Exit == 0, train.Error);
        Assert.Contains("untrained demo backbone", train.Output);
        Assert.Contains("epoch 2/2", train.Output);
        Assert.Contains("Multi-class", train.Output);
        Assert.True(File.Exists(Path.Combine(output, "adapter.safetensors")));
        Assert.True(File.Exists(Path.Combine(output, "report.json")));

        var eval = await Melo("eval", "--adapter", Path.Combine(output, "adapter.safetensors"), "--data", images, "--json");
        Assert.True(eval.Exit == 0, eval.Error);
        using var json = JsonDocument.Parse(eval.Output);
        Assert.Equal(32, json.RootElement.GetProperty("sampleCount").GetInt32());
        Assert.Equal("trained", json.RootElement.GetProperty("row").GetProperty("dataset").GetString());
        Assert.Equal(4, json.RootElement.GetProperty("confusionMatrix").GetArrayLength());

        var text = await Melo("eval", "--adapter", Path.Combine(output, "adapter.safetensors"), "--data", images, "--subset", "test");
        Assert.True(text.Exit == 0, text.Error);
        Assert.Contains("confusion matrix", text.Output);
        Assert.Contains("MeLo (LoRA r=4)", text.Output);
    }

    [Fact]
    public async Task Errors_print_one_line_and_exit_non_zero()
    {
        var missing = await Melo("eval", "--adapter", Path.Combine(data.Root, "missing.safetensors"), "--data", data.Root);
        Assert.Equal(1, missing.Exit);
        Assert.StartsWith("error: Adapter file not found", missing.Error);

        var noData = await Melo("train", "--out", data.NewDirectory("no-data"));
        Assert.Equal(1, noData.Exit);
        Assert.StartsWith("error: Give the images with either --data", noData.Error);
    }

    [Fact]
    public async Task Train_runs_on_the_device_and_demo_backbone_it_is_given_and_refuses_unknown_ones()
    {
        var images = Path.Combine(data.BloodCell.Directory, "images");
        var output = data.NewDirectory("device-cpu");
        var cpu = await Melo("train", "--data", images, "--out", output, "--epochs", "1", "--split", "50/25/25", "--no-plots", "--device", "cpu",
            "--demo-backbone", "pretrained");
        Assert.True(cpu.Exit == 0, cpu.Error);
        Assert.Contains("device cpu", cpu.Output);
        Assert.Contains("melo_pretrained_vit_64 (pretrained demo backbone (SYNTHETIC source, not ImageNet))", cpu.Output);
        Assert.True(File.Exists(Path.Combine(output, "adapter.safetensors")));
        var eval = await Melo("eval", "--adapter", Path.Combine(output, "adapter.safetensors"), "--data", images, "--demo-backbone", "pretrained");
        Assert.True(eval.Exit == 0, eval.Error);

        var kind = await Melo("train", "--data", images, "--out", data.NewDirectory("kind-bad"), "--demo-backbone", "imagenet");
        Assert.Equal(1, kind.Exit);
        Assert.StartsWith("error: Unknown --demo-backbone 'imagenet'; use random or pretrained.", kind.Error);

        var unknown = await Melo("train", "--data", images, "--out", data.NewDirectory("device-bad"), "--device", "tpu");
        Assert.Equal(1, unknown.Exit);
        Assert.StartsWith("error: Unknown device 'tpu'; use cpu, cuda or cuda:N.", unknown.Error);
    }

    [Fact]
    public async Task Pretrain_writes_a_backbone_that_loads_and_refuses_bad_options()
    {
        var config = Path.Combine(data.NewDirectory("pretrain-config"), "tiny.json");
        File.WriteAllText(config, """{"name":"tiny_cli_pretrain","imageSize":32,"patchSize":8,"dim":32,"depth":1,"heads":2,"mlpDim":64}""");
        var output = data.NewDirectory("pretrain-cli");
        var run = await Melo("pretrain", "--out", output, "--config", config, "--epochs", "1", "--steps-per-epoch", "2", "--batch-size", "4",
            "--warmup-steps", "1", "--val-images", "8", "--seed", "5");
        Assert.True(run.Exit == 0, run.Error);
        Assert.Contains("SYNTHETIC source distribution", run.Output);
        var weights = Path.Combine(output, "tiny_cli_pretrain.safetensors");
        var manifest = MeLo.Model.Vit.PretrainedDemoBackbone.ReadManifest(weights);
        Assert.Equal($"melo pretrain --out {output} --config {config} --epochs 1 --steps-per-epoch 2 --batch-size 4 --warmup-steps 1 --val-images 8 --seed 5", manifest.Command);
        Assert.Equal(5, manifest.Seed);

        var bad = await Melo("pretrain", "--out", data.NewDirectory("pretrain-bad"), "--epochs", "0");
        Assert.Equal(1, bad.Exit);
        Assert.StartsWith("error: Invalid pretraining options: epochs must be at least 1, not 0", bad.Error);
    }

    [Fact]
    public async Task Bench_train_prints_a_synthetic_table_one_analogue()
    {
        var chart = Path.Combine(data.NewDirectory("bench-chart"), "chart.png");
        var bench = await Melo("bench", "train", "--tasks", "inbreast-like", "--modes", "lora,head", "--epochs", "1", "--per-class", "5", "--chart", chart);
        Assert.True(bench.Exit == 0, bench.Error);
        Assert.Contains(MeLo.Cli.Benchmarks.TrainBenchmarkReport.Banner, bench.Output);
        Assert.Contains("melo_pretrained_vit_64 (pretrained demo backbone (SYNTHETIC source, not ImageNet))", bench.Output);
        Assert.Contains("Trainable %", bench.Output);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(chart).Take(4));
        Assert.Contains("MeLo (LoRA r=4)", bench.Output);
        Assert.Contains("Linear probe", bench.Output);
        Assert.Contains("Peak RSS MiB", bench.Output);
    }
}
