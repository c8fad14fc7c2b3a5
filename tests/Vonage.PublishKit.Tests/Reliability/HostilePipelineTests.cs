using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Retry;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// An app's own <see cref="ResiliencePipeline"/> may retry successes, ignore cancellation, run the callback after
/// the publish is over, or return without calling it: none of that leaks a publisher or wedges a stop (issue 13, item 8).
/// </summary>
public class HostilePipelineTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeSession _session;
    private readonly HostileFactory _factory;

    public HostilePipelineTests()
    {
        _session = new FakeSession(_time);
        _factory = new HostileFactory(_time);
    }

    [Fact]
    public async Task PublishAsync_PipelineRetriesSuccesses_ReleasesEachEarlierPublisher()
    {
        var sut = CreateSut(new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions { ShouldHandle = static _ => new ValueTask<bool>(true), MaxRetryAttempts = 2, Delay = TimeSpan.Zero })
            .Build());

        var stream = await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Equal(3, _factory.Created.Count);
        Assert.Same(_factory.Last, stream.Publisher);
        Assert.All(_factory.Created, p => Assert.Equal(ReferenceEquals(p, stream.Publisher) ? 0 : 1, p.DisposeCount));
        Assert.Equal(2, _session.Unpublished.Count);
        await sut.DisposeAsync().AsTask().OrTimeout();
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
        Assert.Equal(1, _factory.Camera.MostAtOnce);
    }

    [Fact]
    public async Task UnpublishAsync_PipelineIgnoresCancellationThenRunsTheCallbackLate_CompletesAndLeaksNothing()
    {
        var retryMayGoOn = new TaskCompletionSource();
        var sut = CreateSut(new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = static args => new ValueTask<bool>(args.Outcome.Exception is PublishException),
                MaxRetryAttempts = 1,
                Delay = TimeSpan.Zero,

                // Waits for something of the app's, deaf to the publish's cancellation.
                OnRetry = _ => new ValueTask(retryMayGoOn.Task),
            })
            .Build());
        _session.Publish.Enqueue(FakeOutcome.Fail(PublishErrorKind.PeerConnectionFailed));
        var publish = sut.PublishAsync(SeamHarness.Token);

        await sut.UnpublishAsync().OrTimeout();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());
        retryMayGoOn.SetResult();
        await sut.DisposeAsync().AsTask().OrTimeout();

        Assert.Equal(PublishState.Disposed, sut.State);
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
    }

    [Fact]
    public async Task PublishAsync_PipelineReturnsWithoutCallingTheCallback_FailsAsUnknown()
    {
        await using var sut = CreateSut(new ResiliencePipelineBuilder().AddStrategy(_ => new SkippingStrategy(), new SkippingOptions()).Build());

        var exception = await Assert.ThrowsAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        Assert.Equal(PublishErrorKind.Unknown, exception.Kind);
        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Empty(_factory.Created);
    }

    [Fact]
    public async Task PublishAsync_PipelineReturnsAStreamNoTryProduced_FailsAsUnknownAndRollsBack()
    {
        var foreign = new PublishedStream(new FakePublisher(), "foreign-stream", default, default, default, default);
        await using var sut = CreateSut(new ResiliencePipelineBuilder().AddStrategy(_ => new ForeignResultStrategy(foreign), new SkippingOptions()).Build());

        var exception = await Assert.ThrowsAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        Assert.Equal(PublishErrorKind.Unknown, exception.Kind);
        Assert.Equal("The resilience pipeline returned a stream that no try of this publish produced.", Assert.IsType<InvalidOperationException>(exception.InnerException).Message);
        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Null(sut.CurrentStream);
        Assert.Same(_factory.Last, Assert.Single(_session.Unpublished));
        Assert.Equal(1, _factory.Last.DisposeCount);
    }

    [Fact]
    public async Task PublishAsync_PipelineTimesOutTheTry_StopsItsPhasesAndReleasesThePublisher()
    {
        // Polly's timeout strategy cancels the token it hands the try, not the attempt's.
        _session.Connect.Default = FakeOutcome.Hang();
        await using var sut = CreateSut(new ResiliencePipelineBuilder { TimeProvider = _time }.AddTimeout(TimeSpan.FromSeconds(1)).Build());

        var publish = sut.PublishAsync(SeamHarness.Token);
        _time.Advance(TimeSpan.FromSeconds(1));
        var exception = await Record.ExceptionAsync(() => publish.OrTimeout());

        Assert.IsAssignableFrom<PublishException>(exception);
        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Equal(1, _factory.Last.DisposeCount);
    }

    private PublishOrchestrator CreateSut(ResiliencePipeline pipeline) =>
        new(_session, _factory, new PublishOrchestratorOptions { TimeProvider = _time, ResiliencePipeline = pipeline });

    private sealed class SkippingOptions : ResilienceStrategyOptions;

    /// <summary>A strategy that answers for the callback: a default result, never calling it.</summary>
    private sealed class SkippingStrategy : ResilienceStrategy
    {
        protected override ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state) =>
            Outcome.FromResultAsValueTask(default(TResult)!);
    }

    /// <summary>A strategy that runs the callback, then hands back a stream of its own instead of the callback's.</summary>
    private sealed class ForeignResultStrategy(PublishedStream foreign) : ResilienceStrategy
    {
        protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
        {
            await callback(context, state).ConfigureAwait(false);
            return Outcome.FromResult((TResult)(object)foreign);
        }
    }
}
