using System.Diagnostics;

namespace MeLo.Serving.Engine.Scheduling;

/// <summary>
/// Decides what the device runs next; pure (no thread, no torch), so every rule is testable on its own.
/// The batch is anchored at the oldest request whose adapter is ready and takes requests of the same image size (a forward
/// takes one size), up to MaxBatchSize, using only adapters that fit on the device beside the pinned ones. It runs once
/// full, or once its oldest request has waited MaxQueueDelay; until then the plan says how long to wait.
/// The anchor is always taken, even when its adapter cannot fit: placing it then fails its requests with
/// <see cref="AdapterCapacityExceededException"/> instead of leaving them queued forever.
/// </summary>
internal sealed class BatchPlanner(int maxBatchSize, int adapterCapacity, long adapterCapacityBytes, TimeSpan maxQueueDelay)
{
    readonly long _maxDelayTicks = (long)(maxQueueDelay.TotalSeconds * Stopwatch.Frequency);

    public BatchPlanner(InferenceEngineOptions options)
        : this(options.MaxBatchSize, options.AdapterCapacity, options.AdapterCapacityBytes, options.MaxQueueDelay)
    {
    }

    /// <param name="now">A <see cref="Stopwatch.GetTimestamp"/> value.</param>
    public BatchPlan Plan(IReadOnlyList<InferenceWorkItem> pending, IAdapterSlots slots, long now)
    {
        int anchorIndex = -1;
        for (int i = 0; i < pending.Count && anchorIndex < 0; i++)
            if (slots.IsReady(pending[i].Key))
                anchorIndex = i;
        if (anchorIndex < 0)
            return BatchPlan.WaitFor(Timeout.InfiniteTimeSpan);

        var anchor = pending[anchorIndex];
        var batch = new List<InferenceWorkItem>();
        var extra = new HashSet<AdapterKey>(); // unpinned adapters the batch needs room for
        int freeSlots = adapterCapacity - slots.PinnedCount;
        long freeBytes = adapterCapacityBytes - slots.PinnedBytes;
        bool full = false;
        for (int i = anchorIndex; i < pending.Count && batch.Count < maxBatchSize; i++)
        {
            var item = pending[i];
            if (item.ImageSize != anchor.ImageSize || !slots.IsReady(item.Key))
                continue;
            if (!slots.IsPinned(item.Key) && !extra.Contains(item.Key))
            {
                long bytes = slots.BytesOf(item.Key);
                if (item != anchor && (extra.Count >= freeSlots || bytes > freeBytes))
                {
                    full = true;
                    continue;
                }
                extra.Add(item.Key);
                freeBytes -= bytes;
            }
            batch.Add(item);
        }
        full |= batch.Count == maxBatchSize;
        long deadline = anchor.EnqueuedAt + _maxDelayTicks;
        if (!full && now < deadline)
            // Round up: a sub-millisecond wait would return at once and spin.
            return BatchPlan.WaitFor(TimeSpan.FromMilliseconds(Math.Ceiling(Stopwatch.GetElapsedTime(now, deadline).TotalMilliseconds)));
        return new BatchPlan(batch, TimeSpan.Zero);
    }
}
