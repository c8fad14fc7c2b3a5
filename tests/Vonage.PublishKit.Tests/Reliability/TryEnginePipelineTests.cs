using System;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// Attacks tries left running behind the one the caller waits for: a pipeline that forgets a try, one that starts
/// another try behind a success, and a retry whose abandoned try's seam completes during the next try.
/// </summary>
public sealed class TryEnginePipelineTests : TryEngineTestBase
{
    [Fact]
    public async Task PipelineStartsATryWithoutAwaitingIt_ThenFails_TheDanglingTryNeverPublishesAReleasedPublisher()
    {
        // A hand-made strategy fires the callback and forgets it, then runs it again (refused: one try at a time)
        // and returns that failure. The publish fails and releases the attempt, while the first try still runs.
        InlineContinuations.Enable();
        _seams.Initialize = (_, _) => Delay(Second, CancellationToken.None);
        _seams.Connect = _ => Delay(Second, CancellationToken.None);
        var pipeline = new ResiliencePipelineBuilder().AddStrategy(_ => new ForgetsFirstTryStrategy(), new PlainStrategyOptions()).Build();
        var options = Options();
        options.ResiliencePipeline = pipeline;
        var sut = new PublishOrchestrator(_seams, _seams, options);

        var outcome = await Record.ExceptionAsync(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());
        Assert.IsAssignableFrom<PublishException>(outcome);
        Assert.Equal(PublishState.Idle, sut.State);

        // The forgotten try's seams complete later.
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.All(_seams.Created, p => Assert.Equal(1, p.DisposeCount));
        Assert.Equal(0, _seams.PublishCallsOnDisposed);
        Assert.DoesNotContain(_seams.Created, p => p.LiveOnSession);
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    [Fact]
    public async Task PipelineReturnsASuccessThenStartsAnotherTryBehindIt_NothingStaysPublishedOrUndisposed()
    {
        // The strategy returns the first try's stream, but first starts a second try it forgets: that try releases
        // the first one's publisher (a leftover of a success) and takes a new one while the caller gets its stream.
        InlineContinuations.Enable();
        var calls = 0;
        _seams.Initialize = (_, _) => Interlocked.Increment(ref calls) == 1 ? Task.CompletedTask : Delay(Second, CancellationToken.None);
        var pipeline = new ResiliencePipelineBuilder().AddStrategy(_ => new TryBehindSuccessStrategy(), new PlainStrategyOptions()).Build();
        var options = Options();
        options.ResiliencePipeline = pipeline;
        var sut = new PublishOrchestrator(_seams, _seams, options);

        var outcome = await Record.ExceptionAsync(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());
        _time.Advance(TimeSpan.FromSeconds(5));

        // The stream handed back was released by the second try: a typed failure, never a stream that is gone.
        Assert.IsAssignableFrom<PublishException>(outcome);
        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Equal(2, _seams.Created.Length);
        Assert.All(_seams.Created, p => Assert.Equal(1, p.DisposeCount));
        Assert.DoesNotContain(_seams.Created, p => p.LiveOnSession);
        Assert.Equal(0, _seams.PublishCallsOnDisposed);
        Assert.True(_seams.Camera.MostAtOnce <= 1);
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    [Fact]
    public async Task RetryAfterATimeout_TheAbandonedSeamCompletesDuringTheNextTry_OnlyTheNextTryIsWoken()
    {
        // The first try's connect times out and is abandoned; it completes (and wakes the first try's ended run)
        // while the second try waits for its own connect.
        InlineContinuations.Enable();
        var first = new TaskCompletionSource();
        var second = new TaskCompletionSource();
        var connects = 0;
        _seams.Connect = _ => Interlocked.Increment(ref connects) == 1 ? first.Task : second.Task;
        var options = Options();
        options.ConnectTimeout = TimeSpan.FromSeconds(5);
        options.Retry = new PublishRetryOptions { MaxRetryAttempts = 1, BaseDelay = Second, UseJitter = false };
        var sut = new PublishOrchestrator(_seams, _seams, options);

        var publish = sut.PublishAsync(SeamHarness.Token);
        _time.Advance(TimeSpan.FromSeconds(5));
        _time.Advance(Second);
        Assert.Equal(2, connects);
        first.SetResult();
        Assert.False(publish.IsCompleted, "the late completion of the first try's connect ended the second try");
        second.SetResult();
        var stream = await publish.OrTimeout();

        Assert.Same(_seams.Created[1], stream.Publisher);
        Assert.Equal(1, _seams.Created[0].DisposeCount);
        Assert.True(_seams.Camera.MostAtOnce <= 1);
        await sut.DisposeAsync().AsTask().OrTimeout();
    }
}
