using MeLo.Gateway;
using MeLo.Serving.Abstractions;
using Microsoft.Extensions.Options;

namespace MeLo.Grid.IntegrationTests;

/// <summary>Which grain call failures the gateway sends again, and which items of a batch.</summary>
public sealed class GrainCallRetryTests
{
    static readonly PreparedImage[] Images = [.. Enumerable.Range(0, 3).Select(i => new PreparedImage { Pixels = [i], ImageSize = 1 })];

    [Theory]
    [InlineData(typeof(SiloUnavailableException))]
    [InlineData(typeof(OrleansException))]
    [InlineData(typeof(TimeoutException))]
    public async Task A_call_that_failed_because_a_silo_went_away_is_sent_again(Type failure)
    {
        int calls = 0;
        var outcomes = await Retry().DiagnoseAsync(Images, images =>
        {
            if (++calls == 1)
                throw (Exception)Activator.CreateInstance(failure, "silo gone")!;
            return Task.FromResult(images.Select(Ok).ToArray());
        }, CancellationToken.None);

        Assert.Equal(2, calls);
        Assert.All(outcomes, o => Assert.NotNull(o.Result));
    }

    [Fact]
    public async Task Only_the_items_answered_unavailable_are_sent_again()
    {
        var sent = new List<int>();
        int calls = 0;
        var outcomes = await Retry().DiagnoseAsync(Images, images =>
        {
            sent.AddRange(images.Select(i => (int)i.Pixels[0]));
            return Task.FromResult(images.Select(i => ++calls == 2 ? Unavailable() : Ok(i)).ToArray());
        }, CancellationToken.None);

        Assert.Equal([0, 1, 2, 1], sent);
        Assert.All(outcomes, o => Assert.NotNull(o.Result));
        Assert.Equal([0f, 1f, 2f], outcomes.Select(o => o.Result!.Probabilities[0]));
    }

    [Fact]
    public async Task Input_errors_are_answers_and_are_never_retried()
    {
        int calls = 0;
        var outcomes = await Retry().DiagnoseAsync(Images, images =>
        {
            calls++;
            return Task.FromResult(images.Select(_ => DiagnosisOutcome.Failure(new ServingFault { Kind = FaultKind.NotFound, Message = "unknown task" })).ToArray());
        }, CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Retry().DiagnoseAsync(Images, _ => throw new InvalidOperationException("bug"), CancellationToken.None));

        Assert.Equal(1, calls);
        Assert.All(outcomes, o => Assert.Equal(FaultKind.NotFound, o.Fault?.Kind));
    }

    [Fact]
    public async Task When_the_retry_budget_is_spent_the_items_are_answered_unavailable()
    {
        int calls = 0;
        var outcomes = await Retry(maxRetries: 2).DiagnoseAsync(Images, images =>
        {
            calls++;
            return Task.FromResult(images.Select(_ => Unavailable()).ToArray());
        }, CancellationToken.None);

        Assert.Equal(3, calls);
        Assert.All(outcomes, o => Assert.Equal(FaultKind.Unavailable, o.Fault?.Kind));
    }

    [Fact]
    public async Task Retries_stop_at_the_deadline()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Retry(maxRetries: 100).DiagnoseAsync(Images, _ => throw new SiloUnavailableException("gone"), deadline.Token));
    }

    static GrainCallRetry Retry(int maxRetries = 5) =>
        new(Options.Create(new GatewayOptions { MaxRetries = maxRetries, RetryBaseDelay = TimeSpan.FromMilliseconds(10) }));

    static DiagnosisOutcome Ok(PreparedImage image) => DiagnosisOutcome.Success(new Diagnosis
    {
        TaskId = "t", AdapterVersion = "v1", Labels = ["x"], Probabilities = [image.Pixels[0]], PredictedLabels = ["x"], Silo = "s",
    });

    static DiagnosisOutcome Unavailable() => DiagnosisOutcome.Failure(new ServingFault { Kind = FaultKind.Unavailable, Message = "shutting down" });
}
