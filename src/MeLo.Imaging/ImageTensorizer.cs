namespace MeLo.Imaging;

/// <summary>Turns a decoded image into the normalised CHW float tensor [3, size, size] a model takes.</summary>
public static class ImageTensorizer
{
    /// <summary>Resizes to the preprocessing's square size if needed and normalises into a new array.</summary>
    public static float[] ToTensor(DecodedImage image, ImagePreprocessing preprocessing)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        var tensor = new float[preprocessing.TensorLength];
        ToTensor(image, preprocessing, tensor);
        return tensor;
    }

    /// <summary>
    /// Resizes and normalises into <paramref name="destination"/> (exactly <see cref="ImagePreprocessing.TensorLength"/>
    /// floats), e.g. one slot of a batch buffer.
    /// </summary>
    public static void ToTensor(DecodedImage image, ImagePreprocessing preprocessing, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(preprocessing);
        if (destination.Length != preprocessing.TensorLength)
        {
            throw new ArgumentException($"Destination holds {destination.Length} floats; a {preprocessing.ImageSize} px tensor needs {preprocessing.TensorLength}.", nameof(destination));
        }

        int size = preprocessing.ImageSize;
        var rgb = ImageResizer.Resize(image, size, size).Rgb;
        int plane = size * size;
        for (int channel = 0; channel < 3; channel++)
        {
            float mean = preprocessing.Mean[channel];
            float std = preprocessing.Std[channel];
            var target = destination.Slice(channel * plane, plane);
            for (int pixel = 0; pixel < plane; pixel++)
            {
                target[pixel] = (rgb[(pixel * 3) + channel] - mean) / std;
            }
        }
    }
}
