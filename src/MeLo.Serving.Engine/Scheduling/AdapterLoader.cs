using MeLo.Model.Adapters;
using MeLo.Model.Lora;
using MeLo.Model.Vit;
using MeLo.Serving.Engine.Repository;

namespace MeLo.Serving.Engine.Scheduling;

/// <summary>
/// The thread-pool half of a cold load: reads the file, parses it and checks that it fits this engine, so that the device
/// thread only copies a ready adapter onto the device. Also says how many bytes an adapter occupies there, which is what
/// residency budgets: under Mixed every AdapterStack slot is padded to MaxRank, so that is what a slot really costs.
/// </summary>
internal sealed class AdapterLoader(IAdapterRepository repository, VisionTransformer backbone, InferenceEngineOptions options, long elementSize)
{
    public async Task<(LoadedAdapter Adapter, long Bytes)> LoadAsync(AdapterKey key, CancellationToken cancellationToken)
    {
        var file = await repository.ReadAsync(key.TaskId, key.Version, cancellationToken).ConfigureAwait(false);
        LoadedAdapter loaded;
        try
        {
            loaded = AdapterFile.Load(file);
        }
        catch (AdapterFormatException e)
        {
            throw new AdapterFormatException($"Adapter {key}: {e.Message}");
        }
        try
        {
            var adapter = loaded.Adapter;
            try
            {
                adapter.EnsureFits(backbone);
            }
            catch (BackboneMismatchException e)
            {
                throw new BackboneMismatchException($"Adapter {key} cannot run on this engine: {e.Message}");
            }
            if (adapter.Settings.Rank > options.MaxRank)
                throw new AdapterNotHostableException(key,
                    $"Adapter {key} has LoRA rank {adapter.Settings.Rank}, above this engine's MaxRank {options.MaxRank}.");
            long bytes = DeviceBytes(adapter);
            if (bytes > options.AdapterCapacityBytes)
                throw new AdapterNotHostableException(key,
                    $"Adapter {key} needs {bytes} bytes on the device, more than AdapterCapacityBytes ({options.AdapterCapacityBytes}).");
            return (loaded, bytes);
        }
        catch
        {
            loaded.Dispose();
            throw;
        }
    }

    long DeviceBytes(LoraAdapter adapter)
    {
        int rank = adapter.Settings.Rank;
        int slotRank = options.Policy == SchedulingPolicy.Mixed ? options.MaxRank : rank;
        long lora = adapter.Settings.Targets.Sum(t => (adapter.A(t).numel() + adapter.B(t).numel()) / rank * slotRank);
        long head = adapter.Head.parameters().Sum(p => p.numel());
        return (lora + head) * elementSize;
    }
}
