using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// Attacks the window between hooking the wake and parking: seams that complete and stops (cancel, unpublish,
/// dispose) that land inside it, the caller canceling from inside each callback, and real threads racing the
/// wake against the park and publish, unpublish and dispose against each other.
/// </summary>
public sealed class TryEngineStopTests : TryEngineTestBase
{
    private const int Iterations = 300;

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

    [Theory]
    [InlineData("inside initialize")]
    [InlineData("inside connect")]
    [InlineData("inside publish, which then succeeds")]
    [InlineData("on the SDK thread that completes initialize, after a park")]
    [InlineData("inside a Retrying handler")]
    [InlineData("inside a StateChanged handler to Publishing")]
    public async Task CallerCancelsFromInsideACallback_EndsCanceledWithTheCallersTokenAndStaysUsable(string where)
    {
        await using var dispatcher = new SdkCompletionDispatcher();
        using var caller = new CancellationTokenSource();
        var options = Options();
        var initialize = new TaskCompletionSource();
        var canceledOnSdkThread = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
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
                        canceledOnSdkThread.SetResult();
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
        if (where.StartsWith("on the SDK thread", StringComparison.Ordinal))
        {
            // Virtual time stands still until the SDK thread has canceled: advanced meanwhile, the connect timeout would win the race.
            await canceledOnSdkThread.Task.OrTimeout();
        }

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
    public async Task WakeRacesPark_SeamsCompleteOnAnotherThreadAsTheTryParks_EveryPublishCompletesWithOneCamera()
    {
        // The SDK thread completes initialize and connect while the caller's thread hooks, arms and parks: whichever
        // wins, the try runs on exactly once. Real threads, no delays; every wait bounded.
        await using var dispatcher = new SdkCompletionDispatcher();
        _seams.Initialize = (_, _) => dispatcher.Completion();
        _seams.Connect = _ => dispatcher.Completion();
        _seams.Publish = (_, _) => dispatcher.Completion();
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
        await using var dispatcher = new SdkCompletionDispatcher();
        _seams.Initialize = (_, _) => dispatcher.Completion();
        _seams.Connect = _ => dispatcher.Completion();
        for (var round = 0; round < 20; round++)
        {
            var seams = new ScriptedSeams { Initialize = _seams.Initialize, Connect = _seams.Connect };
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
}
