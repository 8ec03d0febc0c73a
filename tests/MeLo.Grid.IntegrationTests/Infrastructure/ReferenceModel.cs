using MeLo.Imaging;
using MeLo.Model.Adapters;
using MeLo.Model.Vit;
using static TorchSharp.torch;

namespace MeLo.Grid.IntegrationTests.Infrastructure;

/// <summary>
/// The model core's own answer for an item, computed without the grid: a demo backbone and each task's adapter file,
/// one image at a time through <see cref="Model.Lora.LoraAdapter.Forward"/>, softmax or sigmoid as the task says.
/// </summary>
sealed class ReferenceModel(VisionTransformer? backbone = null) : IDisposable
{
    /// <summary>The demo backbone a `melo serve|silo` process serves when it is given no weights.</summary>
    public static ReferenceModel ForServedProcesses() => new(PretrainedDemoBackbone.Load());

    readonly VisionTransformer _backbone = backbone ?? DemoBackbone.Create();
    readonly Dictionary<string, LoadedAdapter> _adapters = [];

    public VisionTransformer Backbone => _backbone;

    public byte[] AddAdapter(TestTask task, long? seed = null)
    {
        var file = task.AdapterFile(_backbone, seed);
        if (_adapters.Remove(task.Id, out var previous))
            previous.Dispose();
        _adapters[task.Id] = AdapterFile.Load(file);
        return file;
    }

    public static float[] Preprocess(byte[] png)
    {
        var config = DemoBackbone.Config;
        var preprocessing = new ImagePreprocessing(config.ImageSize, new RgbValues(config.Mean[0], config.Mean[1], config.Mean[2]),
            new RgbValues(config.Std[0], config.Std[1], config.Std[2]));
        return ImageTensorizer.ToTensor(ImageDecoder.Default.Decode(png), preprocessing);
    }

    public float[] Probabilities(string taskId, float[] pixels)
    {
        var loaded = _adapters[taskId];
        int size = DemoBackbone.Config.ImageSize;
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var logits = loaded.Adapter.Forward(_backbone, tensor(pixels, [1, 3, size, size]));
        var probabilities = loaded.Manifest.MultiLabel ? logits.sigmoid() : logits.softmax(1);
        return probabilities.data<float>().ToArray();
    }

    public void Dispose()
    {
        foreach (var adapter in _adapters.Values)
            adapter.Dispose();
        _backbone.Dispose();
    }
}
