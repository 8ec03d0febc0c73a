using MeLo.Grid.Protos.V1;
using MeLo.Imaging;
using MeLo.Serving.Abstractions;

namespace MeLo.Gateway;

/// <summary>
/// Turns an item's input into the CHW tensor its adapter expects, on the gateway's CPU: images are decoded, resized and
/// normalised; tensors are checked against the expected shape. Bad input becomes an InvalidArgument fault naming the field.
/// </summary>
public static class ImagePreparer
{
    /// <summary>Checks what can be checked before the task is looked up; null when the item is well-formed.</summary>
    public static ServingFault? Validate(DiagnosisItem item)
    {
        if (string.IsNullOrEmpty(item.Task))
            return Invalid("task", "The item names no task.");
        if (item.Task.Contains(AdapterGrainKey.ReplicaSeparator))
            return Invalid("task", $"Task ids never contain '{AdapterGrainKey.ReplicaSeparator}'.");
        return item.InputCase == DiagnosisItem.InputOneofCase.None ? Invalid("input", "The item has neither an image nor a tensor.") : null;
    }

    /// <summary>Prepares the item for the resolved adapter version, which the prepared image then names.</summary>
    public static (PreparedImage? Image, ServingFault? Fault) Prepare(DiagnosisItem item, AdapterResolution resolution)
    {
        var preprocessing = resolution.Preprocessing;
        int size = preprocessing.ImageSize;
        float[] pixels;
        if (item.InputCase == DiagnosisItem.InputOneofCase.Tensor)
        {
            var tensor = item.Tensor;
            if (tensor.Shape.Count != 3 || tensor.Shape[0] != 3 || tensor.Shape[1] != size || tensor.Shape[2] != size)
                return (null, Invalid("tensor.shape", $"Tensor shape is [{string.Join(",", tensor.Shape)}]; task '{item.Task}' expects [3,{size},{size}]."));
            if (tensor.Values.Count != 3 * size * size)
                return (null, Invalid("tensor.values", $"Tensor has {tensor.Values.Count} values; shape [3,{size},{size}] needs {3 * size * size}."));
            pixels = [.. tensor.Values];
        }
        else
        {
            try
            {
                var decoded = ImageDecoder.Default.Decode(item.Image.Span);
                pixels = ImageTensorizer.ToTensor(decoded, new ImagePreprocessing(size, Rgb(preprocessing.Mean), Rgb(preprocessing.Std)));
            }
            catch (ImageDecodeException e)
            {
                // Detail only: never the bytes, and there is no path on this side.
                return (null, Invalid("image", $"Cannot decode image ({e.Reason}): {e.Detail}."));
            }
        }
        return (new PreparedImage { Pixels = pixels, ImageSize = size, Version = resolution.Version }, null);
    }

    static RgbValues Rgb(float[] values) => new(values[0], values[1], values[2]);

    static ServingFault Invalid(string field, string message) => new() { Kind = FaultKind.InvalidArgument, Message = message, Field = field };
}
