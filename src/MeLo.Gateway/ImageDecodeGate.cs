using System.Threading.RateLimiting;
using MeLo.Grid.Protos.V1;
using MeLo.Imaging;
using MeLo.Serving.Abstractions;
using Microsoft.Extensions.Options;

namespace MeLo.Gateway;

/// <summary>
/// Runs every image decode of the gateway through two gateway-wide bounds: a number of decodes at once, and a memory
/// budget that each decode reserves from its header's estimate before it starts. Parallel bombs therefore queue instead
/// of adding up, and an image that alone would exceed the budget is refused without being decoded.
/// </summary>
public sealed class ImageDecodeGate : IDisposable
{
    const long Megabyte = 1 << 20;

    readonly ImageDecoder _decoder;
    readonly SemaphoreSlim _decodes;
    readonly ConcurrencyLimiter _memory;
    readonly int _budgetMegabytes;

    public ImageDecodeGate(IOptions<ImageInputOptions> options)
    {
        var value = options.Value;
        _decoder = new ImageDecoder(value.ToLimits());
        _decodes = new SemaphoreSlim(value.MaxConcurrentDecodes, value.MaxConcurrentDecodes);
        _budgetMegabytes = value.DecodeMemoryBudgetMegabytes;
        _memory = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = _budgetMegabytes, QueueLimit = int.MaxValue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>Megabytes reserved by decodes in progress.</summary>
    public int ReservedMegabytes => _budgetMegabytes - (int)(_memory.GetStatistics()?.CurrentAvailablePermits ?? _budgetMegabytes);

    public async Task<(PreparedImage? Image, ServingFault? Fault)> PrepareAsync(DiagnosisItem item, AdapterResolution resolution, CancellationToken token)
    {
        if (item.InputCase != DiagnosisItem.InputOneofCase.Image)
            return ImagePreparer.Prepare(item, resolution, _decoder);
        long estimate;
        try
        {
            var header = _decoder.ReadHeader(item.Image.Span);
            estimate = ImageDecoder.EstimateDecodeBytes(header, item.Image.Length, resolution.Preprocessing.ImageSize);
        }
        catch (ImageDecodeException e)
        {
            return (null, ImagePreparer.Undecodable(e));
        }
        int megabytes = (int)Math.Max(1, (estimate + Megabyte - 1) / Megabyte);
        if (megabytes > _budgetMegabytes)
            return (null, ImagePreparer.Undecodable(new ImageDecodeException(ImageDecodeError.TooLarge,
                $"decoding it needs about {megabytes} MB, over the gateway's decode budget of {_budgetMegabytes} MB")));

        await _decodes.WaitAsync(token);
        try
        {
            using var lease = await _memory.AcquireAsync(megabytes, token);
            // Decoding and resizing are CPU work: off the request thread, so other items keep flowing meanwhile.
            return await Task.Run(() => ImagePreparer.Prepare(item, resolution, _decoder), token);
        }
        finally
        {
            _decodes.Release();
        }
    }

    public void Dispose()
    {
        _memory.Dispose();
        _decodes.Dispose();
    }
}
