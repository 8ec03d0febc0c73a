using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Grpc.Core;
using MeLo.Serving.Abstractions;
using Microsoft.Extensions.Options;

namespace MeLo.Gateway.Security;

/// <summary>
/// Enforces <see cref="ClientLimitsOptions"/>: a token bucket of images per principal (System.Threading.RateLimiting), and
/// counts of open streaming calls per connection and per principal. Refusals are RESOURCE_EXHAUSTED faults.
/// </summary>
public sealed class ClientLimits : IDisposable
{
    readonly ClientLimitsOptions _options;
    readonly PartitionedRateLimiter<string> _images;
    readonly ConcurrentDictionary<string, int> _streamsPerConnection = new();
    readonly ConcurrentDictionary<string, int> _streamsPerPrincipal = new();

    public ClientLimits(IOptions<ClientLimitsOptions> options)
    {
        _options = options.Value;
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = _options.ImageBurst,
            TokensPerPeriod = _options.ImagesPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0, // refuse at once: a waiting call would hold its images in memory
            AutoReplenishment = true,
        };
        _images = PartitionedRateLimiter.Create<string, string>(principal => RateLimitPartition.GetTokenBucketLimiter(principal, _ => bucket));
    }

    /// <summary>Who the limits count against: the authenticated name (token:…, the JWT's sub), or "anonymous".</summary>
    public static string PrincipalOf(ServerCallContext context) =>
        context.GetHttpContext().User.Identity is { IsAuthenticated: true, Name: { } name } ? name : "anonymous";

    /// <summary>Takes <paramref name="images"/> tokens of the principal's bucket; a fault when it has fewer.</summary>
    public ServingFault? TakeImages(string principal, int images)
    {
        using var lease = _images.AttemptAcquire(principal, images);
        return lease.IsAcquired ? null : new ServingFault
        {
            Kind = FaultKind.Overloaded,
            Message = $"Rate limit: at most {_options.ImagesPerSecond} images per second (bursts of {_options.ImageBurst}) per client " +
                "(MeLo:Limits:ImagesPerSecond); slow down and send again.",
        };
    }

    /// <summary>Counts a streaming call until the returned lease is disposed; throws RESOURCE_EXHAUSTED beyond a limit.</summary>
    public IDisposable OpenStream(ServerCallContext context)
    {
        var connection = context.GetHttpContext().Connection.Id;
        var principal = PrincipalOf(context);
        if (Increment(_streamsPerConnection, connection) > _options.MaxStreamsPerConnection)
        {
            Decrement(_streamsPerConnection, connection);
            throw new ServingFaultException(FaultKind.Overloaded,
                $"This connection already has {_options.MaxStreamsPerConnection} streams open, the most allowed (MeLo:Limits:MaxStreamsPerConnection).");
        }
        if (Increment(_streamsPerPrincipal, principal) > _options.MaxStreamsPerPrincipal)
        {
            Decrement(_streamsPerPrincipal, principal);
            Decrement(_streamsPerConnection, connection);
            throw new ServingFaultException(FaultKind.Overloaded,
                $"This client already has {_options.MaxStreamsPerPrincipal} streams open, the most allowed (MeLo:Limits:MaxStreamsPerPrincipal).");
        }
        return new StreamLease(this, connection, principal);
    }

    public void Dispose() => _images.Dispose();

    static int Increment(ConcurrentDictionary<string, int> counts, string key) => counts.AddOrUpdate(key, 1, (_, n) => n + 1);

    // Entries at zero are removed, so that closed connections and idle principals leave nothing behind.
    static void Decrement(ConcurrentDictionary<string, int> counts, string key)
    {
        while (counts.TryGetValue(key, out int n))
        {
            if (n <= 1 ? counts.TryRemove(new KeyValuePair<string, int>(key, n)) : counts.TryUpdate(key, n - 1, n))
                return;
        }
    }

    sealed class StreamLease(ClientLimits limits, string connection, string principal) : IDisposable
    {
        int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
                return;
            Decrement(limits._streamsPerPrincipal, principal);
            Decrement(limits._streamsPerConnection, connection);
        }
    }
}
