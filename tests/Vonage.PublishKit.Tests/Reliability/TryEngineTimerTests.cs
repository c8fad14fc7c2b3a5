using System;
using System.Threading;
using System.Threading.Tasks;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// Attacks the try engine's one timer: a fire left armed from an earlier phase, timers that fire inline (inside
/// <c>CreateTimer</c> or <c>Change</c>), a clock whose <c>CreateTimer</c>, <c>Change</c> or timer <c>Dispose</c>
/// throws, clocks that jump back or forward while a phase waits, and timeouts of one tick.
/// </summary>
public sealed class TryEngineTimerTests : TryEngineTestBase
{
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
}
