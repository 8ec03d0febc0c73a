using System.Runtime.ExceptionServices;
using MeLo.Data;
using MeLo.Imaging;

namespace MeLo.Training;

/// <summary>
/// Decodes, optionally augments and normalises a batch of images into one CHW float buffer. Images are prepared in
/// parallel without touching torch; each image's augmentation draws from its own seeded <see cref="Random"/>, so the
/// result does not depend on thread timing. Bad files follow the reader's policy (skipped ones are left out).
/// </summary>
internal sealed class ImageBatchBuilder(ImagePreprocessing preprocessing, DatasetImageReader reader, TrainingAugmentation? augmentation)
{
    public ImagePreprocessing Preprocessing { get; } = preprocessing;

    public DatasetImageReader Reader { get; } = reader;

    /// <summary>Pixels of the images that could be read, packed in order, and their positions in <paramref name="items"/>.</summary>
    /// <param name="augmentationSeed">Per-item seed for augmentation; ignored when the builder does not augment.</param>
    public (float[] Pixels, int[] Kept) Build(IReadOnlyList<DatasetItem> items, Func<int, int> augmentationSeed)
    {
        int length = Preprocessing.TensorLength;
        var pixels = new float[items.Count * length];
        var read = new bool[items.Count];
        try
        {
            Parallel.For(0, items.Count, i =>
            {
                var image = Reader.Read(items[i]);
                if (image is null)
                    return;
                if (augmentation is not null)
                    image = augmentation.Apply(image, Preprocessing.ImageSize, new Random(augmentationSeed(i)));
                ImageTensorizer.ToTensor(image, Preprocessing, pixels.AsSpan(i * length, length));
                read[i] = true;
            });
        }
        catch (AggregateException e) when (e.InnerExceptions[0] is DatasetException bad)
        {
            // Surface the bad file's own message, not "one or more errors occurred".
            ExceptionDispatchInfo.Throw(bad);
        }

        var kept = Enumerable.Range(0, items.Count).Where(i => read[i]).ToArray();
        if (kept.Length == items.Count)
            return (pixels, kept);
        var packed = new float[kept.Length * length];
        for (int k = 0; k < kept.Length; k++)
            pixels.AsSpan(kept[k] * length, length).CopyTo(packed.AsSpan(k * length, length));
        return (packed, kept);
    }
}
