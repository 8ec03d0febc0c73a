using System.Diagnostics;
using MeLo.Serving.Engine.Scheduling;

namespace MeLo.Serving.Engine.Tests;

/// <summary>The planner's rules on their own: no thread, no device, no torch.</summary>
public sealed class BatchPlannerTests
{
    static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(5);
    static readonly AdapterKey A = new("a", "v1"), B = new("b", "v1"), C = new("c", "v1");

    [Fact]
    public void Nothing_ready_waits_for_the_doorbell()
    {
        var slots = new Slots();
        var plan = Planner().Plan([Item(A)], slots, Stopwatch.GetTimestamp());
        Assert.Null(plan.Batch);
        Assert.Equal(Timeout.InfiniteTimeSpan, plan.Wait);
    }

    [Fact]
    public void A_batch_that_could_still_grow_waits_until_its_oldest_item_has_waited_the_delay()
    {
        var slots = new Slots { Ready = { A } };
        var item = Item(A);
        var early = Planner().Plan([item], slots, item.EnqueuedAt);
        Assert.Null(early.Batch);
        Assert.InRange(early.Wait, TimeSpan.FromMilliseconds(1), Delay);

        var late = Planner().Plan([item], slots, item.EnqueuedAt + Ticks(Delay));
        Assert.Equal([item], late.Batch);
    }

    [Fact]
    public void A_full_batch_runs_at_once_anchored_at_the_oldest_ready_item_and_of_one_image_size()
    {
        var slots = new Slots { Ready = { B } };
        var notReady = Item(A);
        var other = Item(B, size: 48);
        var same = Enumerable.Range(0, 5).Select(_ => Item(B)).ToArray();
        var plan = new BatchPlanner(4, 8, long.MaxValue, Delay).Plan([notReady, same[0], other, .. same[1..]], slots, same[0].EnqueuedAt);
        Assert.Equal(same[..4], plan.Batch);
    }

    [Fact]
    public void Pinned_adapters_cost_no_room_and_unpinned_ones_only_join_while_slots_are_free()
    {
        // Capacity 3 with A and B pinned: one slot left, so of C and D only C (the older) joins A's and B's items.
        var d = new AdapterKey("d", "v1");
        var slots = new Slots { Ready = { A, B, C, d }, Pinned = { A, B } };
        var items = new[] { Item(A), Item(C), Item(d), Item(B) };
        var plan = new BatchPlanner(16, 3, long.MaxValue, Delay).Plan(items, slots, items[0].EnqueuedAt);
        Assert.Equal([items[0], items[1], items[3]], plan.Batch); // "full" for lack of room: no waiting
    }

    [Fact]
    public void The_byte_budget_left_beside_pinned_adapters_limits_unpinned_ones()
    {
        var slots = new Slots { Ready = { A, B, C }, Pinned = { A }, Bytes = { [A] = 60, [B] = 30, [C] = 30 } };
        var items = new[] { Item(B), Item(C), Item(A) };
        var plan = new BatchPlanner(16, 8, 100, Delay).Plan(items, slots, items[0].EnqueuedAt);
        Assert.Equal([items[0], items[2]], plan.Batch);
    }

    [Fact]
    public void The_oldest_ready_item_is_taken_even_when_its_adapter_cannot_fit_so_it_fails_instead_of_waiting_forever()
    {
        var slots = new Slots { Ready = { A, C }, Pinned = { A } };
        var items = new[] { Item(C), Item(A) };
        var plan = new BatchPlanner(16, 1, long.MaxValue, Delay).Plan(items, slots, items[0].EnqueuedAt + Ticks(Delay));
        Assert.Equal(items, plan.Batch);
    }

    static BatchPlanner Planner() => new(16, 8, long.MaxValue, Delay);

    static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    static InferenceWorkItem Item(AdapterKey key, int size = 32) =>
        new(new InferenceRequest(key.TaskId, new float[3 * size * size], size, key.Version), key);

    sealed class Slots : IAdapterSlots
    {
        public HashSet<AdapterKey> Ready { get; } = [];
        public HashSet<AdapterKey> Pinned { get; } = [];
        public Dictionary<AdapterKey, long> Bytes { get; } = [];

        public bool IsReady(AdapterKey key) => Ready.Contains(key);
        public bool IsPinned(AdapterKey key) => Pinned.Contains(key);
        public long BytesOf(AdapterKey key) => Bytes.GetValueOrDefault(key, 10);
        public int PinnedCount => Pinned.Count;
        public long PinnedBytes => Pinned.Sum(BytesOf);
    }
}
