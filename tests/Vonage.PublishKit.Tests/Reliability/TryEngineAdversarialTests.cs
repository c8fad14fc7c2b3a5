using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// A hostile pass on the try engine (a try that runs on the caller's stack, and parks into one wake, one timer when
/// it must wait): clocks whose timers fire at the wrong moment, fire inline, or fail; seams that complete or cancel
/// in the window between hooking and parking; timers left armed from an earlier phase; execution context flow
/// across a park; pipelines that leave a try running behind them; many threads racing the wake against the park.
/// </summary>
public class TryEngineAdversarialTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private const int Iterations = 300;
    private readonly FakeTimeProvider _time = new();
    private readonly Seams _seams = new();

    [Theory]
    [InlineData("publish waits without a timeout after setup armed the timer")]
    [InlineData("initialize waits without a timeout after connect timed out")]
    public async Task StaleTimer_FiresWhileEveryPendingPhaseHasNoTimeout_TheTryDoesNotSpin(string scenario)
    {
        InlineContinuations.Enable();
        var publishes = scenario.StartsWith("publish", StringComparison.Ordinal);
        var options = Options();
        if (publishes)
        {
            // Setup completes after a second, under timeouts; publish then waits without one (the app bounds it by its token).
            options.PublishTimeout = Timeout.InfiniteTimeSpan;
            _seams.Initialize = (_, _) => Delay(Second, CancellationToken.None);
            _seams.Connect = _ => Delay(Second, CancellationToken.None);
            _seams.Publish = (_, ct) => Delay(Timeout.InfiniteTimeSpan, ct);
        }
        else
        {
            // Initialize has no timeout; connect times out, and the try waits for initialize (a device failure would win).
            options.InitializeTimeout = Timeout.InfiniteTimeSpan;
            _seams.Initialize = (_, ct) => Delay(Timeout.InfiniteTimeSpan, ct);
            _seams.Connect = ct => Delay(Timeout.InfiniteTimeSpan, ct);
        }

        using var caller = new CancellationTokenSource();
        var sut = new PublishOrchestrator(_seams, _seams, options);
        var publish = sut.PublishAsync(SeamHarness.Token, caller.Token);
        _time.Advance(Second);
        Assert.Equal(publishes ? 1 : 0, _seams.PublishCalls);

        // The timer armed for the connect timeout fires now. A thread of its own: a spin never returns from Advance.
        var advance = Task.Run(() => _time.Advance(TimeSpan.FromSeconds(20)));
        var returned = await Record.ExceptionAsync(() => advance.OrTimeout());

        // Freed either way (a spinning try sees the stop), so a failure does not leave a thread spinning.
        caller.Cancel();
        await advance.OrTimeout();
        var outcome = await Record.ExceptionAsync(() => publish.OrTimeout());

        Assert.True(returned is null, "FakeTimeProvider.Advance never returned: the woken try spins on a timer flag nothing resets");
        if (publishes)
        {
            Assert.IsAssignableFrom<OperationCanceledException>(outcome);
        }
        else
        {
            // Connect had failed (timed out) before the stop; the try only waited for initialize, whose device
            // failure would have taken precedence: the failure that happened first is the outcome.
            Assert.IsType<NotConnectedException>(outcome);
        }

        Assert.Equal(PublishState.Idle, sut.State);
        Assert.All(_seams.Created, p => Assert.Equal(1, p.DisposeCount));
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    [Fact]
    public async Task ClockCreateTimerThrowsOperationCanceled_CallerDidNotCancel_GetsATypedPublishException()
    {
        // A clock adapter whose host is shutting down: its CreateTimer throws OperationCanceledException. The caller
        // never canceled and nothing was disposed, so the documented outcome is a PublishException.
        var clock = new ScriptedClock(_time) { CreateThrows = new OperationCanceledException("the clock's host stopped") };
        _seams.Connect = _ => Delay(Second, CancellationToken.None);
        var sut = new PublishOrchestrator(_seams, _seams, Options(clock));

        var outcome = await Record.ExceptionAsync(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        var failure = Assert.IsAssignableFrom<PublishException>(outcome);
        Assert.Equal(PublishErrorKind.Unknown, failure.Kind);
        Assert.Equal(PublishState.Idle, sut.State);
        Assert.All(_seams.Created, p => Assert.Equal(1, p.DisposeCount));

        // Still usable: a clock that works again publishes.
        clock.CreateThrows = null;
        var publish = sut.PublishAsync(SeamHarness.Token);
        await _time.DriveAsync(publish, Second);
        Assert.Equal(PublishState.Published, sut.State);
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    [Fact]
    public async Task ClockTimerChangeThrows_OnASecondPark_PublishFailsTypedReleasesAndStaysUsable()
    {
        InlineContinuations.Enable();

        // The first park creates the timer; initialize then completes, and the second park re-arms it: Change throws.
        var clock = new ScriptedClock(_time) { ChangeThrows = new InvalidOperationException("a broken Change") };
        _seams.Initialize = (_, _) => Delay(Second, CancellationToken.None);
        _seams.Connect = _ => Delay(TimeSpan.FromSeconds(3), CancellationToken.None);
        var sut = new PublishOrchestrator(_seams, _seams, Options(clock));

        var publish = sut.PublishAsync(SeamHarness.Token);
        await _time.AdvanceUntilCompletedAsync(publish, Second, maxSteps: 30);
        var outcome = await Record.ExceptionAsync(() => publish.OrTimeout());

        Assert.Equal(1, clock.Changes);
        var failure = Assert.IsAssignableFrom<PublishException>(outcome);
        Assert.Equal(PublishErrorKind.Unknown, failure.Kind);
        Assert.Equal(PublishState.Idle, sut.State);
        Assert.All(_seams.Created, p => Assert.Equal(1, p.DisposeCount));

        clock.ChangeThrows = null;
        var again = sut.PublishAsync(SeamHarness.Token);
        await _time.DriveAsync(again, Second);
        Assert.Equal(PublishState.Published, sut.State);
        Assert.True(_seams.Camera.MostAtOnce <= 1);
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    [Fact]
    public async Task TimerFiresInlineAndTwiceInsideCreateTimer_TimeoutIsStillDecidedByTheClock()
    {
        InlineContinuations.Enable();
        var clock = new ScriptedClock(_time) { FiresOnCreate = 2 };
        _seams.Connect = ct => Delay(Timeout.InfiniteTimeSpan, ct);
        var options = Options(clock);
        options.ConnectTimeout = TimeSpan.FromSeconds(5);
        var sut = new PublishOrchestrator(_seams, _seams, options);

        var publish = sut.PublishAsync(SeamHarness.Token);
        Assert.False(publish.IsCompleted, "spurious timer fires ended the connect phase before its timeout");
        _time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        Assert.False(publish.IsCompleted, "the connect phase timed out early");
        _time.Advance(TimeSpan.FromTicks(1));

        var failure = await Assert.ThrowsAsync<NotConnectedException>(() => publish.OrTimeout());
        Assert.Equal(PublishPhase.Connect, failure.Phase);
        Assert.IsType<TimeoutException>(failure.InnerException);
        Assert.Equal(PublishState.Idle, sut.State);
        Assert.All(_seams.Created, p => Assert.Equal(1, p.DisposeCount));
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    [Fact]
    public async Task TimerFiresInlineInsideEveryChange_TheTryDoesNotLivelockBeforeItsTimeout()
    {
        // Each park re-arms the timer, and this timer fires inside Change: a look that finds nothing due must not
        // re-arm forever without time passing.
        InlineContinuations.Enable();
        var clock = new ScriptedClock(_time) { FiresOnChange = 1 };
        _seams.Initialize = (_, _) => Delay(Second, CancellationToken.None);
        _seams.Connect = ct => Delay(Timeout.InfiniteTimeSpan, ct);
        var options = Options(clock);
        options.ConnectTimeout = TimeSpan.FromSeconds(5);
        using var caller = new CancellationTokenSource();
        var sut = new PublishOrchestrator(_seams, _seams, options);
        var publish = sut.PublishAsync(SeamHarness.Token, caller.Token);

        // Initialize completes after a second: the woken try parks again, re-arming (Change) the timer.
        var advance = Task.Run(() => _time.Advance(Second));
        var returned = await Record.ExceptionAsync(() => advance.OrTimeout());
        caller.Cancel();
        await advance.OrTimeout();
        var outcome = await Record.ExceptionAsync(() => publish.OrTimeout());

        Assert.True(returned is null, "Advance never returned");
        Assert.IsAssignableFrom<OperationCanceledException>(outcome);
        Assert.True(clock.Changes < 100, $"the try re-armed its timer {clock.Changes} times without time passing (the clock stops firing inline at 10 000)");
        Assert.All(_seams.Created, p => Assert.Equal(1, p.DisposeCount));
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    [Fact]
    public async Task ClockTimerDisposeThrows_WhenTheTryEnds_TheCallerStillGetsItsOutcome()
    {
        // The try ends on its timer's wake (a timeout), then disposes that timer, whose Dispose throws: the throw must
        // neither escape into the clock's thread (here Advance; a thread-pool timer would crash the process) nor
        // leave the caller's task without an outcome.
        InlineContinuations.Enable();
        var clock = new ScriptedClock(_time) { DisposeThrows = true };
        _seams.Connect = ct => Delay(Timeout.InfiniteTimeSpan, ct);
        var options = Options(clock);
        options.ConnectTimeout = TimeSpan.FromSeconds(5);
        var sut = new PublishOrchestrator(_seams, _seams, options);

        var publish = sut.PublishAsync(SeamHarness.Token);
        var advance = Record.Exception(() => _time.Advance(TimeSpan.FromSeconds(5)));

        Assert.Null(advance);
        var failure = await Assert.ThrowsAsync<NotConnectedException>(() => publish.OrTimeout());
        Assert.IsType<TimeoutException>(failure.InnerException);
        Assert.Equal(PublishState.Idle, sut.State);
        Assert.All(_seams.Created, p => Assert.Equal(1, p.DisposeCount));
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    [Fact]
    public async Task ExecutionContextFlowSuppressed_ATryThatParksStillCompletes()
    {
        InlineContinuations.Enable();
        var initialize = new TaskCompletionSource();
        _seams.Initialize = (_, _) => initialize.Task;
        var sut = new PublishOrchestrator(_seams, _seams, Options());

        Task<PublishedStream> publish;
        using (ExecutionContext.SuppressFlow())
        {
            publish = sut.PublishAsync(SeamHarness.Token);
        }

        Assert.False(publish.IsCompleted);
        await Task.Run(initialize.SetResult).OrTimeout();
        var stream = await publish.OrTimeout();

        Assert.Same(_seams.Created.Single(), stream.Publisher);
        Assert.Equal(PublishState.Published, sut.State);
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    [Fact]
    public async Task SeamsCompleteInsideCreateTimer_BetweenHookAndPark_TheTryIsNotLost()
    {
        // CreateTimer runs after the try hooked its wake and before it marks itself parked: a completion there wakes
        // nobody, and only the look after parking can see it.
        InlineContinuations.Enable();
        var initialize = new TaskCompletionSource();
        var connect = new TaskCompletionSource();
        var clock = new ScriptedClock(_time)
        {
            OnCreate = () =>
            {
                initialize.TrySetResult();
                connect.TrySetResult();
            },
        };
        _seams.Initialize = (_, _) => initialize.Task;
        _seams.Connect = _ => connect.Task;
        var sut = new PublishOrchestrator(_seams, _seams, Options(clock));

        var stream = await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Equal(1, clock.Creates);
        Assert.Same(_seams.Created.Single(), stream.Publisher);
        Assert.Equal(PublishState.Published, sut.State);
        await sut.DisposeAsync().AsTask().OrTimeout();
        Assert.Equal(1, _seams.Created.Single().DisposeCount);
    }

    [Theory]
    [InlineData("cancel")]
    [InlineData("unpublish")]
    [InlineData("dispose")]
    public async Task StopInsideCreateTimer_BetweenHookAndPark_PublishEndsCanceledAndReleases(string stop)
    {
        InlineContinuations.Enable();
        using var caller = new CancellationTokenSource();
        PublishOrchestrator sut = null!;
        Task? stopping = null;
        var clock = new ScriptedClock(_time);
        clock.OnCreate = () =>
        {
            clock.OnCreate = null;
            stopping = stop switch
            {
                "cancel" => Task.Run(caller.Cancel),
                "unpublish" => sut.UnpublishAsync(),
                _ => sut.DisposeAsync().AsTask(),
            };
        };

        // The seams ignore the try's token: only the stop's wake and the look after parking can end the wait.
        _seams.Initialize = (_, _) => new TaskCompletionSource().Task;
        _seams.Connect = _ => new TaskCompletionSource().Task;
        sut = new PublishOrchestrator(_seams, _seams, Options(clock));

        var publish = sut.PublishAsync(SeamHarness.Token, caller.Token);
        var outcome = await Record.ExceptionAsync(() => publish.OrTimeout());
        await stopping!.OrTimeout();

        Assert.IsAssignableFrom<OperationCanceledException>(outcome);
        Assert.Equal(stop == "dispose" ? PublishState.Disposed : PublishState.Idle, sut.State);
        Assert.Equal(1, _seams.Created.Single().DisposeCount);
        if (stop != "dispose")
        {
            _seams.Initialize = null;
            _seams.Connect = null;
            await sut.PublishAsync(SeamHarness.Token).OrTimeout();
            Assert.Equal(PublishState.Published, sut.State);
            Assert.True(_seams.Camera.MostAtOnce <= 1);
        }

        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    [Fact]
    public async Task ClockJumpsBackFarPastTheLongestTimer_PhaseStillTimesOutOnTheClock()
    {
        // The longest timeout allowed, and a clock that jumps back thirty days once the phase started: the time left
        // is longer than any timer can wait, so the timer is re-armed when it fires, until the clock says it is due.
        InlineContinuations.Enable();
        var clock = new ScriptedClock(_time);
        var longest = TimeSpan.FromMilliseconds(int.MaxValue);
        _seams.Connect = ct =>
        {
            clock.Offset = -TimeSpan.FromDays(30);
            return Delay(Timeout.InfiniteTimeSpan, ct);
        };
        var options = Options(clock);
        options.ConnectTimeout = longest;
        var sut = new PublishOrchestrator(_seams, _seams, options);

        var publish = sut.PublishAsync(SeamHarness.Token);
        _time.Advance(longest + TimeSpan.FromDays(30) - Second);
        Assert.False(publish.IsCompleted, "timed out before the clock said the timeout passed");
        await _time.AdvanceUntilCompletedAsync(publish, Second, maxSteps: 5);

        var failure = await Assert.ThrowsAsync<NotConnectedException>(() => publish);
        Assert.IsType<TimeoutException>(failure.InnerException);
        Assert.True(clock.Changes >= 1, "the timer was never re-armed past its longest due time");
        Assert.All(_seams.Created, p => Assert.Equal(1, p.DisposeCount));
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    [Fact]
    public async Task ClockJumpsFarForwardWhileAPhaseWaits_PhaseTimesOutAtTheNextLook()
    {
        InlineContinuations.Enable();
        var clock = new ScriptedClock(_time);
        var initialize = new TaskCompletionSource();
        _seams.Initialize = (_, _) => initialize.Task;
        _seams.Connect = ct => Delay(Timeout.InfiniteTimeSpan, ct);
        var sut = new PublishOrchestrator(_seams, _seams, Options(clock));

        var publish = sut.PublishAsync(SeamHarness.Token);
        clock.Offset = TimeSpan.FromDays(365);
        initialize.SetResult();

        // The wake of initialize looks at the clock: connect's timeout passed long ago.
        var failure = await Assert.ThrowsAsync<NotConnectedException>(() => publish.OrTimeout());
        Assert.Equal(PublishPhase.Connect, failure.Phase);
        Assert.All(_seams.Created, p => Assert.Equal(1, p.DisposeCount));
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    [Theory]
    [InlineData("initialize")]
    [InlineData("connect")]
    [InlineData("publish")]
    public async Task OneTickTimeout_PhaseTimesOutAfterExactlyOneTick(string phase)
    {
        InlineContinuations.Enable();
        var options = Options();
        var tick = TimeSpan.FromTicks(1);
        switch (phase)
        {
            case "initialize":
                options.InitializeTimeout = tick;
                _seams.Initialize = (_, ct) => Delay(Timeout.InfiniteTimeSpan, ct);
                break;
            case "connect":
                options.ConnectTimeout = tick;
                _seams.Connect = ct => Delay(Timeout.InfiniteTimeSpan, ct);
                break;
            default:
                options.PublishTimeout = tick;
                _seams.Publish = (_, ct) => Delay(Timeout.InfiniteTimeSpan, ct);
                break;
        }

        var sut = new PublishOrchestrator(_seams, _seams, options);
        var publish = sut.PublishAsync(SeamHarness.Token);
        Assert.False(publish.IsCompleted);
        _time.Advance(tick);

        var failure = await Assert.ThrowsAnyAsync<PublishException>(() => publish.OrTimeout());
        Assert.IsType<TimeoutException>(failure.InnerException);
        Assert.Equal(phase, failure.Phase.ToString(), ignoreCase: true);
        Assert.All(_seams.Created, p => Assert.Equal(1, p.DisposeCount));
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    [Fact]
    public async Task AsyncLocal_FlowsIntoSeamCallsAfterAParkAndNeverIntoTheCompletingThread()
    {
        await using var dispatcher = new Dispatcher();
        var local = new AsyncLocal<string?>();
        var initialize = new TaskCompletionSource();
        string? seenByPublish = null;
        string? seenByDispatcherAfter = "unset";
        _seams.Initialize = (_, _) => initialize.Task;
        _seams.Publish = (_, _) =>
        {
            seenByPublish = local.Value;

            // A seam that sets an async local of its own must not leak it into the SDK's thread either.
            local.Value = "set by the seam";
            return Task.CompletedTask;
        };
        var sut = new PublishOrchestrator(_seams, _seams, Options());

        local.Value = "the caller's";
        var publish = sut.PublishAsync(SeamHarness.Token);
        local.Value = "changed after the call";
        var completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        dispatcher.Post(() =>
        {
            // Completes inline: the try resumes (and calls publish) on this thread, inside SetResult.
            initialize.SetResult();
            seenByDispatcherAfter = local.Value;
            completed.SetResult();
        });
        await completed.Task.OrTimeout();
        await publish.OrTimeout();

        Assert.Equal("the caller's", seenByPublish);
        Assert.Null(seenByDispatcherAfter);
        Assert.Equal("changed after the call", local.Value);
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    [Theory]
    [InlineData("inside initialize")]
    [InlineData("inside connect")]
    [InlineData("inside publish, which then succeeds")]
    [InlineData("on the SDK thread that completes initialize, after a park")]
    [InlineData("inside a Retrying handler")]
    [InlineData("inside a StateChanged handler to Publishing")]
    public async Task CallerCancelsFromInsideACallback_EndsCanceledWithTheCallersTokenAndStaysUsable(string where)
    {
        await using var dispatcher = new Dispatcher();
        using var caller = new CancellationTokenSource();
        var options = Options();
        var initialize = new TaskCompletionSource();
        switch (where)
        {
            case "inside initialize":
                _seams.Initialize = (_, _) =>
                {
                    caller.Cancel();
                    return new TaskCompletionSource().Task;
                };
                break;
            case "inside connect":
                _seams.Connect = _ =>
                {
                    caller.Cancel();
                    return new TaskCompletionSource().Task;
                };
                break;
            case "inside publish, which then succeeds":
                _seams.Publish = (_, _) =>
                {
                    caller.Cancel();
                    return Task.CompletedTask;
                };
                break;
            case "on the SDK thread that completes initialize, after a park":
                _seams.Initialize = (_, _) =>
                {
                    dispatcher.Post(() =>
                    {
                        initialize.SetResult();
                        caller.Cancel();
                    });
                    return initialize.Task;
                };
                _seams.Connect = _ => new TaskCompletionSource().Task;
                break;
            case "inside a Retrying handler":
                options.Retry = new PublishRetryOptions { BaseDelay = Second, UseJitter = false };
                _seams.Connect = _ => Task.FromException(PublishErrors.Timeout(PublishPhase.Connect, Second));
                break;
        }

        var sut = new PublishOrchestrator(_seams, _seams, options);
        if (where == "inside a Retrying handler")
        {
            sut.Retrying += (_, _) => caller.Cancel();
        }

        if (where.Contains("StateChanged", StringComparison.Ordinal))
        {
            sut.StateChanged += (_, e) =>
            {
                if (e.State == PublishState.Publishing)
                {
                    caller.Cancel();
                }
            };
        }

        var publish = sut.PublishAsync(SeamHarness.Token, caller.Token);
        await _time.AdvanceUntilCompletedAsync(publish, Second, maxSteps: 50);
        var outcome = await Record.ExceptionAsync(() => publish.OrTimeout());

        var canceled = Assert.IsAssignableFrom<OperationCanceledException>(outcome);
        Assert.Equal(caller.Token, canceled.CancellationToken);
        Assert.Equal(PublishState.Idle, sut.State);
        Assert.All(_seams.Created, p => Assert.Equal(1, p.DisposeCount));
        Assert.DoesNotContain(_seams.Created, p => p.LiveOnSession);

        // Usable after: plain seams publish.
        _seams.Initialize = null;
        _seams.Connect = null;
        _seams.Publish = null;
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        Assert.Equal(PublishState.Published, sut.State);
        Assert.True(_seams.Camera.MostAtOnce <= 1);
        await sut.DisposeAsync().AsTask().OrTimeout();
        Assert.All(_seams.Created, p => Assert.Equal(1, p.DisposeCount));
    }

    [Fact]
    public async Task PipelineStartsATryWithoutAwaitingIt_ThenFails_TheDanglingTryNeverPublishesAReleasedPublisher()
    {
        // A hand-made strategy fires the callback and forgets it, then runs it again (refused: one try at a time)
        // and returns that failure. The publish fails and releases the attempt, while the first try still runs.
        InlineContinuations.Enable();
        _seams.Initialize = (_, _) => Delay(Second, CancellationToken.None);
        _seams.Connect = _ => Delay(Second, CancellationToken.None);
        var pipeline = new ResiliencePipelineBuilder().AddStrategy(_ => new FireAndForgetStrategy(), new PlainOptions()).Build();
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
        var pipeline = new ResiliencePipelineBuilder().AddStrategy(_ => new SucceedThenForgetStrategy(), new PlainOptions()).Build();
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
    public async Task PublishAsyncFromInsideConnect_IsRefusedAsBusyAndTheOuterPublishCompletes()
    {
        InlineContinuations.Enable();
        PublishOrchestrator sut = null!;
        Exception? inner = null;
        _seams.Connect = _ =>
        {
            inner = Record.Exception(() => sut.PublishAsync(SeamHarness.Token).GetAwaiter().GetResult());
            return Delay(Second, CancellationToken.None);
        };
        sut = new PublishOrchestrator(_seams, _seams, Options());

        var publish = sut.PublishAsync(SeamHarness.Token);
        await _time.DriveAsync(publish, Second);

        Assert.IsType<InvalidOperationException>(inner);
        Assert.Same(_seams.Created.Single(), (await publish).Publisher);
        Assert.Equal(PublishState.Published, sut.State);
        await sut.DisposeAsync().AsTask().OrTimeout();
        Assert.Equal(1, _seams.Created.Single().DisposeCount);
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

    [Fact]
    public async Task WakeRacesPark_SeamsCompleteOnAnotherThreadAsTheTryParks_EveryPublishCompletesWithOneCamera()
    {
        // The SDK thread completes initialize and connect while the caller's thread hooks, arms and parks: whichever
        // wins, the try runs on exactly once. Real threads, no delays; every wait bounded.
        await using var dispatcher = new Dispatcher();
        _seams.Initialize = (_, _) =>
        {
            var done = new TaskCompletionSource();
            dispatcher.Post(done.SetResult);
            return done.Task;
        };
        _seams.Connect = _ =>
        {
            var done = new TaskCompletionSource();
            dispatcher.Post(done.SetResult);
            return done.Task;
        };
        _seams.Publish = (_, _) =>
        {
            var done = new TaskCompletionSource();
            dispatcher.Post(done.SetResult);
            return done.Task;
        };
        var sut = new PublishOrchestrator(_seams, _seams, Options());

        for (var i = 0; i < Iterations; i++)
        {
            _seams.IsConnected = false;
            var stream = await sut.PublishAsync(SeamHarness.Token).OrTimeout();
            Assert.Same(_seams.Created[^1], stream.Publisher);
            await sut.UnpublishAsync().OrTimeout();
        }

        Assert.Equal(Iterations, _seams.Created.Length);
        Assert.All(_seams.Created, p => Assert.Equal(1, p.DisposeCount));
        Assert.True(_seams.Camera.MostAtOnce <= 1);
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    [Fact]
    public async Task ManyThreadsPublishUnpublishAndDisposeAtOnce_EveryCallEndsOneWayAndNothingLeaks()
    {
        await using var dispatcher = new Dispatcher();
        _seams.Initialize = (_, _) =>
        {
            var done = new TaskCompletionSource();
            dispatcher.Post(done.SetResult);
            return done.Task;
        };
        _seams.Connect = _ =>
        {
            var done = new TaskCompletionSource();
            dispatcher.Post(done.SetResult);
            return done.Task;
        };
        for (var round = 0; round < 20; round++)
        {
            var seams = new Seams { Initialize = _seams.Initialize, Connect = _seams.Connect };
            var sut = new PublishOrchestrator(seams, seams, Options());
            using var start = new ManualResetEventSlim();
            var calls = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            {
                start.Wait(Bounded.Limit);
                for (var j = 0; j < 10; j++)
                {
                    try
                    {
                        switch ((i + j) % 4)
                        {
                            case 0 or 1:
                                await Invariants.OneOutcome(sut.PublishAsync(SeamHarness.Token));
                                break;
                            case 2:
                                await sut.UnpublishAsync();
                                break;
                            default:
                                if (i == 7 && j == 9)
                                {
                                    await sut.DisposeAsync();
                                }

                                break;
                        }
                    }
                    catch (Exception exception) when (exception is InvalidOperationException or ObjectDisposedException)
                    {
                        // Busy, or disposed: the documented refusals.
                    }
                }
            })).ToArray();
            start.Set();
            await Task.WhenAll(calls).OrTimeout();
            await sut.DisposeAsync().AsTask().OrTimeout();

            Assert.Equal(PublishState.Disposed, sut.State);
            Assert.All(seams.Created, p => Assert.Equal(1, p.DisposeCount));
            Assert.True(seams.Camera.MostAtOnce <= 1, $"{seams.Camera.MostAtOnce} publishers held the camera at once");
            Assert.DoesNotContain(seams.Created, p => p.LiveOnSession);
        }
    }

    private PublishOrchestratorOptions Options(TimeProvider? clock = null) => new() { TimeProvider = clock ?? _time, Retry = null };

    private Task Delay(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, _time, cancellationToken);

    private sealed class PlainOptions : ResilienceStrategyOptions;

    /// <summary>A <see cref="DispatcherThread"/> disposed from a thread of its own: a test may have resumed on the dispatcher, which cannot join itself.</summary>
    private sealed class Dispatcher : IAsyncDisposable
    {
        private readonly DispatcherThread _thread = new();

        public void Post(Action action) => _thread.Post(action);

        public async ValueTask DisposeAsync() => await Task.Run(_thread.Dispose).OrTimeout();
    }

    /// <summary>Starts the callback without awaiting it, then returns what a second, concurrent call gives.</summary>
    private sealed class FireAndForgetStrategy : ResilienceStrategy
    {
        protected override ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
        {
            _ = callback(context, state).AsTask();
            return callback(context, state);
        }
    }

    /// <summary>Runs the callback, starts it again without waiting, and returns the first outcome.</summary>
    private sealed class SucceedThenForgetStrategy : ResilienceStrategy
    {
        protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
        {
            var outcome = await callback(context, state).ConfigureAwait(false);
            _ = callback(context, state).AsTask();
            return outcome;
        }
    }

    /// <summary>A clock over a <see cref="FakeTimeProvider"/> whose timers fire inline, fail, or whose time jumps, as a test says.</summary>
    private sealed class ScriptedClock(FakeTimeProvider inner) : TimeProvider
    {
        private int _creates;
        private int _changes;

        public Exception? CreateThrows { get; set; }

        public Exception? ChangeThrows { get; set; }

        public bool DisposeThrows { get; set; }

        /// <summary>Gets or sets how often a new timer's callback runs inline, inside CreateTimer.</summary>
        public int FiresOnCreate { get; set; }

        /// <summary>Gets or sets how often a timer's callback runs inline, inside Change.</summary>
        public int FiresOnChange { get; set; }

        /// <summary>Gets or sets what runs inside CreateTimer, before it returns.</summary>
        public Action? OnCreate { get; set; }

        /// <summary>Gets or sets how far the timestamps are from the inner clock's.</summary>
        public TimeSpan Offset { get; set; }

        public int Creates => Volatile.Read(ref _creates);

        public int Changes => Volatile.Read(ref _changes);

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override long GetTimestamp() => inner.GetTimestamp() + (long)(Offset.Ticks * ((double)inner.TimestampFrequency / TimeSpan.TicksPerSecond));

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _creates);
            OnCreate?.Invoke();
            if (CreateThrows is { } failure)
            {
                throw failure;
            }

            var timer = new Timer(this, inner.CreateTimer(callback, state, dueTime, period), callback, state);
            for (var i = 0; i < FiresOnCreate; i++)
            {
                callback(state);
            }

            return timer;
        }

        private sealed class Timer(ScriptedClock clock, ITimer inner, TimerCallback callback, object? state) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                Interlocked.Increment(ref clock._changes);
                if (clock.ChangeThrows is { } failure)
                {
                    throw failure;
                }

                var changed = inner.Change(dueTime, period);
                for (var i = 0; i < clock.FiresOnChange && clock.Changes < 10_000; i++)
                {
                    callback(state);
                }

                return changed;
            }

            public void Dispose()
            {
                inner.Dispose();
                if (clock.DisposeThrows)
                {
                    throw new InvalidOperationException("a broken timer Dispose");
                }
            }

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }

    /// <summary>A session and a factory whose calls return what a test says (completed at once by default).</summary>
    private sealed class Seams : ISession, IPublisherFactory
    {
        private readonly ConcurrentQueue<Pub> _created = new();
        private readonly ConcurrentQueue<IPublisher> _unpublished = new();
        private volatile bool _isConnected;
        private int _publishCalls;
        private int _publishCallsOnDisposed;

        public event EventHandler<SessionDisconnectedEventArgs>? Disconnected { add { } remove { } }

        public event EventHandler? Reconnecting { add { } remove { } }

        public event EventHandler? Reconnected { add { } remove { } }

        public CameraLedger Camera { get; } = new();

        public Func<Pub, CancellationToken, Task>? Initialize { get; set; }

        public Func<CancellationToken, Task>? Connect { get; set; }

        public Func<Pub, CancellationToken, Task>? Publish { get; set; }

        public bool IsConnected
        {
            get => _isConnected;
            set => _isConnected = value;
        }

        public Pub[] Created => _created.ToArray();

        public IPublisher[] Unpublished => _unpublished.ToArray();

        public int PublishCalls => Volatile.Read(ref _publishCalls);

        public int PublishCallsOnDisposed => Volatile.Read(ref _publishCallsOnDisposed);

        public IPublisher CreatePublisher(PublisherSettings settings)
        {
            var publisher = new Pub(this, _created.Count + 1);
            _created.Enqueue(publisher);
            return publisher;
        }

        public Task ConnectAsync(string token, CancellationToken cancellationToken = default)
        {
            var task = Connect?.Invoke(cancellationToken) ?? Task.CompletedTask;
            _ = task.ContinueWith(_ => IsConnected = true, CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return task;
        }

        public Task PublishAsync(IPublisher publisher, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _publishCalls);
            if (((Pub)publisher).DisposeCount > 0)
            {
                Interlocked.Increment(ref _publishCallsOnDisposed);
            }

            var task = Publish?.Invoke((Pub)publisher, cancellationToken) ?? Task.CompletedTask;
            _ = task.ContinueWith(_ => ((Pub)publisher).LiveOnSession = true, CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return task;
        }

        public Task UnpublishAsync(IPublisher publisher, CancellationToken cancellationToken = default)
        {
            _unpublished.Enqueue(publisher);
            ((Pub)publisher).LiveOnSession = false;
            return Task.CompletedTask;
        }

        public sealed class Pub(Seams seams, int number) : IPublisher
        {
            private int _holding;
            private int _disposeCount;

            public event EventHandler<StreamDestroyedEventArgs>? StreamDestroyed { add { } remove { } }

            public string? StreamId => "stream-" + number;

            public int DisposeCount => Volatile.Read(ref _disposeCount);

            /// <summary>Gets or sets a value indicating whether the session published this publisher and has not unpublished it since.</summary>
            public bool LiveOnSession { get; set; }

            public Task InitializeAsync(CancellationToken cancellationToken = default)
            {
                if (Interlocked.Exchange(ref _holding, 1) == 0)
                {
                    seams.Camera.Acquire();
                }

                return seams.Initialize?.Invoke(this, cancellationToken) ?? Task.CompletedTask;
            }

            public ValueTask DisposeAsync()
            {
                Interlocked.Increment(ref _disposeCount);
                if (Interlocked.Exchange(ref _holding, 0) == 1)
                {
                    seams.Camera.Release();
                }

                return default;
            }
        }
    }
}
