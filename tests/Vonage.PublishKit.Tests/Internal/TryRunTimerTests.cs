using System;
using System.Threading;
using System.Threading.Tasks;
using Moq;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Internal;

/// <summary>
/// The one timer of a try that waits: armed only for a phase timeout, re-armed for the nearest one at each park,
/// never beyond the longest due time a timer takes, disposed when the try ends, and never lost when it fires
/// before the try has parked.
/// </summary>
public class TryRunTimerTests
{
    private readonly SeamHarness _harness = new();
    private readonly RecordingClock _clock;
    private readonly TaskCompletionSource _initialize = new();
    private readonly TaskCompletionSource _connect = new();

    public TryRunTimerTests()
    {
        _clock = new RecordingClock(_harness.Time);
        _harness.Options.TimeProvider = _clock;
        _harness.ConfigurePublisher = p => p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>())).Returns(_initialize.Task);
    }

    [Fact]
    public async Task PublishAsync_NoPhaseTimeout_ArmsNoTimerWhileTheTryWaits()
    {
        _harness.Options.InitializeTimeout = Timeout.InfiniteTimeSpan;
        _harness.Options.ConnectTimeout = Timeout.InfiniteTimeSpan;
        _harness.Options.PublishTimeout = Timeout.InfiniteTimeSpan;
        await using var sut = _harness.CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);

        Assert.False(publish.IsCompleted);
        Assert.Empty(_clock.Timers);
        _initialize.SetResult();
        await publish.OrTimeout();
    }

    [Fact]
    public async Task PublishAsync_ConnectEndsFirst_ReArmsTheOneTimerForTheTimeLeftThenDisposesIt()
    {
        _harness.Options.InitializeTimeout = TimeSpan.FromSeconds(10);
        _harness.Options.ConnectTimeout = TimeSpan.FromSeconds(4);
        _harness.Session.Setup(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns(_connect.Task);
        await using var sut = _harness.CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);
        _harness.Time.Advance(TimeSpan.FromSeconds(3));
        await CompleteOffContextAsync(_connect);

        var timer = Assert.Single(_clock.Timers);
        Assert.Equal([TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(7)], timer.DueTimes);
        Assert.False(timer.Disposed);
        _initialize.SetResult();
        await publish.OrTimeout();
        Assert.True(timer.Disposed);
    }

    [Fact]
    public async Task PublishAsync_ClockSetBackWhileWaiting_ArmsNoLongerThanATimerTakesAndGoesOn()
    {
        _harness.Options.InitializeTimeout = TimeSpan.FromDays(20);
        _harness.Options.ConnectTimeout = Timeout.InfiniteTimeSpan;
        _harness.Session.Setup(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns(_connect.Task);
        await using var sut = _harness.CreateSut();
        var publish = sut.PublishAsync(SeamHarness.Token);

        // The phase now has 60 days left, more than any timer takes: the timer is armed for the most it takes.
        _clock.Behind = TimeSpan.FromDays(40);
        await CompleteOffContextAsync(_connect);

        Assert.Equal([TimeSpan.FromDays(20), RecordingClock.MaxDue], _clock.DueTimes);
        Assert.False(publish.IsCompleted);
        _initialize.SetResult();
        var stream = await publish.OrTimeout();
        Assert.Equal("stream-1", stream.StreamId);
    }

    [Fact]
    public async Task PublishAsync_ClockJumpsPastTheTimeoutAsTheTimerIsArmed_TimesOutWithoutAnotherTick()
    {
        _harness.Options.InitializeTimeout = TimeSpan.FromSeconds(5);
        _clock.JumpOnNextTimer = true;
        await using var sut = _harness.CreateSut();

        // The timer fires while it is armed, before the try parks: seen then, not lost.
        var publish = sut.PublishAsync(SeamHarness.Token);

        var exception = await Assert.ThrowsAsync<DeviceUnavailableException>(() => publish.OrTimeout());
        Assert.Equal(PublishPhase.Initialize, exception.Phase);
        Assert.IsType<TimeoutException>(exception.InnerException);
        Assert.True(Assert.Single(_clock.Timers).Disposed);
        _harness.Publisher.Verify(p => p.DisposeAsync(), Times.Once);
    }

    /// <summary>Completes the seam where no synchronization context defers the try's wake: it has run when this returns.</summary>
    private static Task CompleteOffContextAsync(TaskCompletionSource seam) => Task.Run(seam.SetResult).OrTimeout();
}
