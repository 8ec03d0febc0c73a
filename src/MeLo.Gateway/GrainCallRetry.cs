using MeLo.Serving.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace MeLo.Gateway;

/// <summary>
/// Retries grain calls that failed because a silo died, left or is shutting down. Inference has no side effects, so an
/// item is simply sent again: Orleans reactivates its grain on a live silo. Retried: Orleans' own failures (a silo
/// unavailable, a rejected message, a failed activation), response timeouts, and items answered UNAVAILABLE (an engine
/// that is shutting down). Everything else (bad input, unknown task, a full queue) is the answer. Retries stop at the
/// item's deadline (its cancellation token) or after <see cref="GatewayOptions.MaxRetries"/>, with jittered exponential
/// backoff from <see cref="GatewayOptions.RetryBaseDelay"/>.
/// </summary>
public sealed class GrainCallRetry
{
    readonly ResiliencePipeline _pipeline;

    public GrainCallRetry(IOptions<GatewayOptions> options)
    {
        var gateway = options.Value;
        _pipeline = gateway.MaxRetries == 0 ? ResiliencePipeline.Empty : new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = gateway.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = gateway.RetryBaseDelay,
                MaxDelay = TimeSpan.FromSeconds(2),
            })
            .Build();
    }

    /// <summary>
    /// Diagnoses <paramref name="items"/> through <paramref name="call"/>, sending again only the items whose outcome or
    /// call failed transiently. Returns one outcome per item, in order; throws what the last attempt threw.
    /// </summary>
    public async Task<DiagnosisOutcome[]> DiagnoseAsync(PreparedImage[] items, Func<PreparedImage[], Task<DiagnosisOutcome[]>> call,
        CancellationToken cancellationToken)
    {
        var outcomes = new DiagnosisOutcome?[items.Length];
        try
        {
            await _pipeline.ExecuteAsync(async _ =>
            {
                var open = Enumerable.Range(0, items.Length).Where(i => outcomes[i] is null or { Fault.Kind: FaultKind.Unavailable }).ToArray();
                var answers = await call([.. open.Select(i => items[i])]);
                for (int j = 0; j < open.Length; j++)
                    outcomes[open[j]] = answers[j];
                if (answers.Any(a => a.Fault?.Kind == FaultKind.Unavailable))
                    throw new UnavailableItemsException();
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (UnavailableItemsException)
        {
            // Out of retries: the items that are still UNAVAILABLE are answered so.
        }
        return outcomes!;
    }

    static bool IsTransient(Exception exception) => exception is OrleansException or TimeoutException or UnavailableItemsException
        or ServingFaultException { Fault.Kind: FaultKind.Unavailable };

    /// <summary>Some items came back UNAVAILABLE; caught by the retry, or by the caller once retries are exhausted.</summary>
    sealed class UnavailableItemsException : Exception;
}
