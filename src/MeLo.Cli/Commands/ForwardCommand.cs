using System.CommandLine;
using MeLo.Model.Adapters;
using MeLo.Model.SafeTensors;
using static TorchSharp.torch;

namespace MeLo.Cli.Commands;

/// <summary>
/// <c>melo forward</c>: logits for tensor <c>pixel_values</c> [B,3,H,W] from a safetensors file, written as tensor <c>logits</c>.
/// Users run it to check a weight conversion against PyTorch.
/// </summary>
public static class ForwardCommand
{
    public static Command Create()
    {
        var checkpoint = new CheckpointOptions();
        var adapter = new Option<string?>("--adapter") { Description = "A MeLo.Grid adapter file; without it the checkpoint's own head is used." };
        var input = new Option<string>("--input") { Description = "safetensors file with tensor 'pixel_values' [B,3,H,W] float32.", Required = true };
        var output = new Option<string>("--output") { Description = "safetensors file to write tensor 'logits' to.", Required = true };
        var command = new Command("forward", "Run the backbone (and optionally an adapter) on pixel_values from a safetensors file.") { adapter, input, output };
        foreach (var option in checkpoint.All)
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            var (tensors, _) = SafeTensorsFile.Read(parse.GetValue(input)!);
            if (!tensors.TryGetValue("pixel_values", out var pixels))
                throw new ArgumentException($"{parse.GetValue(input)} has no tensor 'pixel_values' (it has: {string.Join(", ", tensors.Keys)}).");
            using var backbone = checkpoint.Load(parse);
            using var inference = inference_mode();
            Tensor logits;
            if (parse.GetValue(adapter) is { } adapterPath)
            {
                using var loaded = AdapterFile.Load(adapterPath);
                logits = loaded.Adapter.Forward(backbone, pixels.to(ScalarType.Float32));
            }
            else
                logits = backbone.forward(pixels.to(ScalarType.Float32));
            SafeTensorsFile.Write(parse.GetValue(output)!, new Dictionary<string, Tensor> { ["logits"] = logits });
            parse.InvocationConfiguration.Output.WriteLine($"wrote logits [{string.Join(",", logits.shape)}] to {parse.GetValue(output)}");
        });
        return command;
    }
}
