using System.Collections.Concurrent;
using MeLo.Imaging;

namespace MeLo.Data;

/// <summary>
/// Decodes dataset images during training and applies the bad-file policy, so a file that broke after loading
/// is reported with its path rather than failing deep inside a batch. Thread-safe.
/// </summary>
public sealed class DatasetImageReader(BadFilePolicy policy, ImageDecoder? decoder = null)
{
    private readonly ImageDecoder _decoder = decoder ?? ImageDecoder.Default;
    private readonly ConcurrentQueue<SkippedFile> _skipped = new();

    public BadFilePolicy Policy { get; } = policy;

    /// <summary>Files skipped so far, in the order they failed.</summary>
    public IReadOnlyList<SkippedFile> Skipped => _skipped.ToArray();

    /// <summary>The decoded image, or null when it is bad and the policy is <see cref="BadFilePolicy.Skip"/>.</summary>
    /// <exception cref="DatasetException">The image is bad and the policy is <see cref="BadFilePolicy.Fail"/>.</exception>
    public DecodedImage? Read(DatasetItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        try
        {
            return _decoder.DecodeFile(item.ImagePath);
        }
        catch (ImageDecodeException e)
        {
            var bad = new SkippedFile(item.ImagePath, e.Detail);
            if (Policy == BadFilePolicy.Fail)
            {
                throw new DatasetException($"Cannot read image '{item.ImagePath}': {e.Detail}", [bad], e);
            }

            _skipped.Enqueue(bad);
            return null;
        }
    }
}
