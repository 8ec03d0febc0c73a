using System.Diagnostics;

namespace MeLo.Serving.Engine.Scheduling;

/// <summary>
/// An accepted request on its way through the queue. Completion goes through Try* so that each item is answered exactly
/// once, whoever gets there first (the device thread, a failure path or the caller's cancellation).
/// </summary>
internal sealed class InferenceWorkItem
{
    readonly TaskCompletionSource<InferenceResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    CancellationTokenRegistration _cancellation;

    public InferenceWorkItem(InferenceRequest request, AdapterKey key)
    {
        Request = request;
        Key = key;
        EnqueuedAt = Stopwatch.GetTimestamp();
        TraceContext = Activity.Current?.Context ?? default;
    }

    public InferenceRequest Request { get; }
    public AdapterKey Key { get; }
    public int ImageSize => Request.ImageSize;
    public long EnqueuedAt { get; }
    /// <summary>The caller's span when it enqueued (default when untraced): the batch's span links to it.</summary>
    public ActivityContext TraceContext { get; }
    public Task<InferenceResult> Completion => _completion.Task;
    public bool IsDone => _completion.Task.IsCompleted;

    /// <summary>Cancels the item as soon as the token fires; <paramref name="onCancelled"/> lets the device thread drop it early.</summary>
    public void CancelWith(Action onCancelled, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
            return;
        _cancellation = cancellationToken.Register(() =>
        {
            if (_completion.TrySetCanceled(cancellationToken))
                onCancelled();
        });
    }

    public bool TrySucceed(InferenceResult result)
    {
        _cancellation.Unregister();
        return _completion.TrySetResult(result);
    }

    public bool TryFail(Exception exception)
    {
        _cancellation.Unregister();
        return _completion.TrySetException(exception);
    }
}
