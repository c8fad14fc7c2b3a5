using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Vonage.PublishKit.Internal;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Internal;

/// <summary>
/// <see cref="BoundedWait"/> on its own: a wait that needs no deadline asks the app's clock for nothing (so a
/// clock whose timers throw cannot fail it), and a caller's cancellation is never reported as a timeout.
/// </summary>
public class BoundedWaitDeadlineTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task ForAsync_TaskAlreadyCompleted_ReturnsItWithoutAskingTheClock()
    {
        var clock = new HostileClock(_time) { ThrowOnCreateTimer = true };
        var done = Task.CompletedTask;
        var failed = Task.FromException(new InvalidOperationException("the seam's own failure"));

        var waited = BoundedWait.ForAsync(done, TimeSpan.FromSeconds(1), clock, CancellationToken.None);
        var waitedFailed = BoundedWait.ForAsync(failed, TimeSpan.FromSeconds(1), clock, CancellationToken.None);

        Assert.Same(done, waited);
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => waitedFailed.OrTimeout());
        Assert.Equal("the seam's own failure", exception.Message);
    }

    [Fact]
    public async Task ForAsync_InfiniteTimeout_AsksTheClockForNothingAndWaitsForTheTask()
    {
        var clock = new HostileClock(_time) { ThrowOnCreateTimer = true };
        var seam = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        var waited = BoundedWait.ForAsync(seam.Task, Timeout.InfiniteTimeSpan, clock, CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(1));

        Assert.False(waited.IsCompleted, waited.Exception?.ToString());
        seam.SetResult("answer");
        Assert.Equal("answer", await waited.OrTimeout());
    }

    [Fact]
    public async Task ForAsync_InfiniteTimeout_EndsWhenTheCallerCancels()
    {
        using var caller = new CancellationTokenSource();
        var seam = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var waited = BoundedWait.ForAsync(seam.Task, Timeout.InfiniteTimeSpan, _time, caller.Token);
        caller.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waited.OrTimeout());
    }

    [Fact]
    public async Task ForAsync_DeadlinePassedAndCallerCanceled_IsCanceledNotTimedOut()
    {
        // A zero timeout has passed as the wait starts; the caller's cancellation still decides what it reports.
        using var caller = new CancellationTokenSource();
        caller.Cancel();
        var seam = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var waited = BoundedWait.ForAsync(seam.Task, TimeSpan.Zero, _time, caller.Token);

        var exception = await Record.ExceptionAsync(() => waited.OrTimeout());
        Assert.IsAssignableFrom<OperationCanceledException>(exception);
    }

    [Fact]
    public async Task ForAsync_DeadlinePassesFirst_TimesOut()
    {
        var seam = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var waited = BoundedWait.ForAsync(seam.Task, TimeSpan.FromSeconds(2), _time, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(waited.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<TimeoutException>(() => waited.OrTimeout());
    }
}
