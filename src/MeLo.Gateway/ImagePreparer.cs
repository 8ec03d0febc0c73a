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
    /// <summary>Normalised pixels lie within a few units of zero; far larger values overflow the model's activations
    /// into NaN scores, so they are refused as input.</summary>
    public const float MaxAbsTensorValue = 1000f;

    /// <summary>Checks what can be checked before the task is looked up; null when the item is well-formed.</summary>
    public static ServingFault? Validate(DiagnosisItem item)
    {
        if (string.IsNullOrEmpty(item.Task))
            return Invalid("task", "The item names no task.");
        if (ClientInput.CheckTask(item.Task, "task") is { } badTask)
            return badTask;
        if (item.HasAdapterVersion && ClientInput.CheckVersion(item.AdapterVersion, "adapter_version") is { } badVersion)
            return badVersion;
        return item.InputCase == DiagnosisItem.InputOneofCase.None ? Invalid("input", "The item has neither an image nor a tensor.") : null;
    }

    /// <summary>Prepares the item for the resolved adapter version, which the prepared image then names.</summary>
    /// <param name="decoder">Decodes with the gateway's input limits; see <see cref="ImageDecodeGate"/>.</param>
    public static (PreparedImage? Image, ServingFault? Fault) Prepare(DiagnosisItem item, AdapterResolution resolution, ImageDecoder decoder)
    {
        var preprocessing = resolution.Preprocessing;
        int size = preprocessing.ImageSize;
        float[] pixels;
        if (item.InputCase == DiagnosisItem.InputOneofCase.Tensor)
        {
            var tensor = item.Tensor;
            if (tensor.Shape.Count != 3 || tensor.Shape[0] != 3 || tensor.Shape[1] != size || tensor.Shape[2] != size)
                return (null, Invalid("tensor.shape", $"Tensor shape is [{string.Join(",", tensor.Shape.Take(8))}{(tensor.Shape.Count > 8 ? ",…" : "")}]; task {ClientInput.Quote(item.Task)} expects [3,{size},{size}]."));
            if (tensor.Values.Count != 3 * size * size)
                return (null, Invalid("tensor.values", $"Tensor has {tensor.Values.Count} values; shape [3,{size},{size}] needs {3 * size * size}."));
            pixels = [.. tensor.Values];
            if (Array.FindIndex(pixels, v => !(Math.Abs(v) <= MaxAbsTensorValue)) is var bad and >= 0)
                return (null, Invalid("input", float.IsFinite(pixels[bad])
                    ? $"Tensor value {bad} is outside [-{MaxAbsTensorValue}, {MaxAbsTensorValue}]; tensors hold normalised pixels."
                    : $"Tensor value {bad} is not a finite number."));
        }
        else
        {
            try
            {
                var decoded = decoder.Decode(item.Image.Span, size);
                pixels = ImageTensorizer.ToTensor(decoded, new ImagePreprocessing(size, Rgb(preprocessing.Mean), Rgb(preprocessing.Std)));
            }
            catch (ImageDecodeException e)
            {
                return (null, Undecodable(e));
            }
        }
        return (new PreparedImage { Pixels = pixels, ImageSize = size, Version = resolution.Version }, null);
    }

    /// <summary>Detail only: never the bytes, and there is no path on this side.</summary>
    public static ServingFault Undecodable(ImageDecodeException e) => Invalid("image", $"Cannot decode image ({e.Reason}): {e.Detail}.");

    static RgbValues Rgb(float[] values) => new(values[0], values[1], values[2]);

    static ServingFault Invalid(string field, string message) => new() { Kind = FaultKind.InvalidArgument, Message = message, Field = field };
}
