using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

#pragma warning disable xUnit1031 // A handler blocking on the orchestrator is the point of these tests; every block is bounded.

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// Event handlers that call back into the orchestrator synchronously, blocking on the task it returns
/// (<c>.Wait()</c>, <c>.GetAwaiter().GetResult()</c>), as a UI app does. Invariants 6, 7 and 8: a handler loses its
/// own record at most, and <c>DisposeAsync</c>/<c>UnpublishAsync</c> always complete. Every seam here completes at
/// once, so nothing the orchestrator waits for needs the handler's thread or virtual time; a block that does not end
/// within <see cref="HandlerLimit"/> of real time is a deadlock.
/// </summary>
public class AdversarialHandlerTests
{
    private static readonly TimeSpan HandlerLimit = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);
    private readonly FakeTimeProvider _time = new();
    private readonly FakeSession _session;
    private readonly HostileFactory _factory;

    public AdversarialHandlerTests()
    {
        _session = new FakeSession(_time);
        _factory = new HostileFactory(_time);
    }

    [Fact]
    public async Task Adversarial_StateChangedToPublishing_HandlerBlocksOnUnpublish_UnpublishCompletes()
    {
        var sut = CreateSut();
        bool? hung = null;
        sut.StateChanged += (_, e) =>
        {
            if (e.State == PublishState.Publishing && hung is null)
            {
                hung = Blocks(() => sut.UnpublishAsync());
            }
        };

        var publish = sut.PublishAsync(SeamHarness.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());
        Assert.False(hung, "UnpublishAsync, blocked on from a StateChanged(Publishing) handler, did not complete");
        Assert.Equal(PublishState.Idle, sut.State);
        await sut.DisposeAsync().AsTask().OrTimeout();
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
    }

    [Fact]
    public async Task Adversarial_StateChangedToPublishing_HandlerBlocksOnDispose_DisposeCompletes()
    {
        var sut = CreateSut();
        bool? hung = null;
        sut.StateChanged += (_, e) =>
        {
            if (e.State == PublishState.Publishing && hung is null)
            {
                hung = Blocks(() => sut.DisposeAsync().AsTask());
            }
        };

        var publish = sut.PublishAsync(SeamHarness.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());
        Assert.False(hung, "DisposeAsync, blocked on from a StateChanged(Publishing) handler, did not complete");
        Assert.Equal(PublishState.Disposed, sut.State);
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
    }

    [Fact]
    public async Task Adversarial_StateChangedToUnpublishing_HandlerBlocksOnDispose_DisposeCompletes()
    {
        var sut = CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        bool? hung = null;
        sut.StateChanged += (_, e) =>
        {
            if (e.State == PublishState.Unpublishing && hung is null)
            {
                hung = Blocks(() => sut.DisposeAsync().AsTask());
            }
        };

        await sut.UnpublishAsync().OrTimeout();

        Assert.False(hung, "DisposeAsync, blocked on from a StateChanged(Unpublishing) handler, did not complete");
        Assert.Equal(PublishState.Disposed, sut.State);
        Assert.Equal(1, _factory.Last.DisposeCount);
    }

    [Fact]
    public async Task Adversarial_StateChangedToDisposed_HandlerBlocksOnDisposeAgain_DisposeCompletes()
    {
        var sut = CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        bool? hung = null;
        sut.StateChanged += (_, e) =>
        {
            if (e.State == PublishState.Disposed && hung is null)
            {
                hung = Blocks(() => sut.DisposeAsync().AsTask());
            }
        };

        await sut.DisposeAsync().AsTask().OrTimeout();

        Assert.False(hung, "A second DisposeAsync, blocked on from the StateChanged(Disposed) handler, did not complete");
        Assert.Equal(1, _factory.Last.DisposeCount);
    }

    [Theory]
    [InlineData("dispose")]
    [InlineData("unpublish")]
    public async Task Adversarial_NetworkDisconnectedWithRepublish_HandlerBlocksOnStop_StopCompletes(string stop)
    {
        var sut = CreateSut(o => o.RepublishAfterNetworkLoss = true);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        bool? hung = null;
        sut.NetworkDisconnected += (_, _) =>
        {
            if (hung is null)
            {
                hung = Blocks(() => stop == "dispose" ? sut.DisposeAsync().AsTask() : sut.UnpublishAsync());
            }
        };

        _factory.Last.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        await SettleAsync(() => sut.State is not PublishState.Republishing and not PublishState.Publishing);

        Assert.False(hung, $"{stop}, blocked on from a NetworkDisconnected handler while republishing, did not complete");
        Assert.Equal(stop == "dispose" ? PublishState.Disposed : PublishState.Idle, sut.State);
        await sut.DisposeAsync().AsTask().OrTimeout();
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
    }

    [Fact]
    public async Task Adversarial_NetworkDisconnectedWithoutRepublish_HandlerBlocksOnDispose_DisposeCompletes()
    {
        var sut = CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        bool? hung = null;
        sut.NetworkDisconnected += (_, _) => hung ??= Blocks(() => sut.DisposeAsync().AsTask());

        _factory.Last.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);

        Assert.False(hung, "DisposeAsync, blocked on from a NetworkDisconnected handler, did not complete");
        Assert.Equal(PublishState.Disposed, sut.State);
        Assert.Equal(1, _factory.Last.DisposeCount);
    }

    [Theory]
    [InlineData("dispose")]
    [InlineData("unpublish")]
    public async Task Adversarial_RetryingHandlerBlocksOnStop_StopCompletes(string stop)
    {
        _session.Connect.Enqueue(FakeOutcome.Fail(PublishErrorKind.NotConnected));
        var sut = CreateSut(o => o.Retry = new PublishRetryOptions { UseJitter = false });
        bool? hung = null;
        sut.Retrying += (_, _) =>
        {
            if (hung is null)
            {
                hung = Blocks(() => stop == "dispose" ? sut.DisposeAsync().AsTask() : sut.UnpublishAsync());
            }
        };

        var publish = sut.PublishAsync(SeamHarness.Token);
        await _time.AdvanceUntilCompletedAsync(publish, Step, 40);

        Assert.False(hung, $"{stop}, blocked on from a Retrying handler, did not complete");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());
        await sut.DisposeAsync().AsTask().OrTimeout();
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
    }

    [Fact]
    public async Task Adversarial_RepublishedHandlerBlocksOnDispose_DisposeCompletesAndReleasesBoth()
    {
        var sut = CreateSut(o => o.RepublishAfterNetworkLoss = true);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        bool? hung = null;
        var republished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sut.Republished += (_, _) =>
        {
            hung ??= Blocks(() => sut.DisposeAsync().AsTask());
            republished.TrySetResult();
        };

        _factory.Last.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        await _time.DriveAsync(republished.Task, Step);

        Assert.False(hung, "DisposeAsync, blocked on from a Republished handler, did not complete");
        Assert.Equal(PublishState.Disposed, sut.State);
        Assert.Equal(2, _factory.Created.Count);
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
    }

    [Fact]
    public async Task Adversarial_RepublishFailedHandlerPublishesAndBlocks_PublishesWithOneCamera()
    {
        var sut = CreateSut(o => o.RepublishAfterNetworkLoss = true);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        _factory.Initialize.Enqueue(FakeOutcome.Fail(PublishErrorKind.AccessDenied));
        bool? hung = null;
        sut.RepublishFailed += (_, _) => hung ??= Blocks(() => sut.PublishAsync(SeamHarness.Token));

        _factory.Last.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        await SettleAsync(() => sut.State is not PublishState.Republishing and not PublishState.Publishing);

        Assert.False(hung, "PublishAsync, blocked on from a RepublishFailed handler, did not complete");
        Assert.Equal(PublishState.Published, sut.State);
        await sut.DisposeAsync().AsTask().OrTimeout();
        Assert.Equal(3, _factory.Created.Count);
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
        Assert.Equal(1, _factory.Camera.MostAtOnce);
    }

    [Fact]
    public async Task Adversarial_StateChangedToPublished_HandlerBlocksOnUnpublish_ReleasesOnceAndEndsIdle()
    {
        var sut = CreateSut();
        bool? hung = null;
        sut.StateChanged += (_, e) =>
        {
            if (e.State == PublishState.Published && hung is null)
            {
                hung = Blocks(() => sut.UnpublishAsync());
            }
        };

        await Invariants.OneOutcome(sut.PublishAsync(SeamHarness.Token)).OrTimeout();

        Assert.False(hung, "UnpublishAsync, blocked on from a StateChanged(Published) handler, did not complete");
        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Null(sut.CurrentStream);
        Assert.Equal(1, _factory.Last.DisposeCount);
        await sut.DisposeAsync().AsTask().OrTimeout();
        Assert.Equal(1, _factory.Last.DisposeCount);
    }

    [Fact]
    public async Task Adversarial_StateChangedToPublishing_HandlerUnpublishesWithoutBlocking_PublishCanceledAndNothingLeaks()
    {
        var sut = CreateSut();
        sut.StateChanged += (_, e) =>
        {
            if (e.State == PublishState.Publishing)
            {
                _ = sut.UnpublishAsync();
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        Assert.Equal(PublishState.Idle, sut.State);
        await sut.DisposeAsync().AsTask().OrTimeout();
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
    }

    [Fact]
    public async Task Adversarial_TokenProviderDisposesTheOrchestrator_RepublishEndsAndDisposeCompletes()
    {
        PublishOrchestrator? sut = null;
        Task? dispose = null;
        sut = CreateSut(o =>
        {
            o.RepublishAfterNetworkLoss = true;
            o.TokenProvider = _ =>
            {
                dispose ??= sut!.DisposeAsync().AsTask();
                return new ValueTask<string>(SeamHarness.Token);
            };
        });
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        _factory.Last.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);

        Assert.NotNull(dispose);
        await _time.DriveAsync(dispose!, Step);
        Assert.Equal(PublishState.Disposed, sut.State);
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Adversarial_NetworkDisconnectedHandlerPublishesAndBlocks_PublishesWithOneCamera(bool republish)
    {
        var sut = CreateSut(o => o.RepublishAfterNetworkLoss = republish);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        bool? hung = null;
        sut.NetworkDisconnected += (_, _) => hung ??= Blocks(() => sut.PublishAsync(SeamHarness.Token));

        _factory.Last.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        await SettleAsync(() => sut.State is not PublishState.Republishing and not PublishState.Publishing);

        Assert.False(hung, "PublishAsync, blocked on from a NetworkDisconnected handler, did not complete");
        Assert.Equal(PublishState.Published, sut.State);
        await sut.DisposeAsync().AsTask().OrTimeout();
        Assert.Equal(2, _factory.Created.Count);
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
        Assert.Equal(1, _factory.Camera.MostAtOnce);
    }

    [Theory]
    [InlineData("Reconnecting", "unpublish")]
    [InlineData("Reconnecting", "dispose")]
    [InlineData("Reconnected", "unpublish")]
    [InlineData("Reconnected", "dispose")]
    public async Task Adversarial_ReconnectEventHandlerBlocksOnStop_StopCompletesAndReleasesOnce(string raised, string stop)
    {
        var sut = CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        bool? hung = null;
        EventHandler handler = (_, _) => hung ??= Blocks(() => stop == "dispose" ? sut.DisposeAsync().AsTask() : sut.UnpublishAsync());
        if (raised == "Reconnecting")
        {
            sut.Reconnecting += handler;
        }
        else
        {
            sut.Reconnected += handler;
        }

        _session.RaiseReconnecting();
        _session.RaiseReconnected();

        Assert.False(hung, $"{stop}, blocked on from a {raised} handler, did not complete");
        Assert.Equal(stop == "dispose" ? PublishState.Disposed : PublishState.Idle, sut.State);
        await sut.DisposeAsync().AsTask().OrTimeout();
        Assert.Equal(1, _factory.Last.DisposeCount);
    }

    /// <summary>Advances virtual time and yields until <paramref name="condition"/> holds, bounded in real time.</summary>
    private async Task SettleAsync(Func<bool> condition)
    {
        var started = DateTime.UtcNow;
        while (!condition() && DateTime.UtcNow - started < Bounded.Limit)
        {
            _time.Advance(Step);
            await Task.Yield();
            SpinWait.SpinUntil(condition, TimeSpan.FromMilliseconds(1));
        }
    }

    /// <summary>Calls into the orchestrator and blocks on the result, at most <see cref="HandlerLimit"/>. Returns whether it was still running then.</summary>
    private static bool Blocks(Func<Task> call)
    {
        Task task;
        try
        {
            task = call();
        }
        catch (Exception)
        {
            return false;
        }

        try
        {
            return !task.Wait(HandlerLimit);
        }
        catch (AggregateException)
        {
            return false;
        }
    }

    private PublishOrchestrator CreateSut(Action<PublishOrchestratorOptions>? configure = null)
    {
        var options = new PublishOrchestratorOptions { TimeProvider = _time, Retry = null };
        configure?.Invoke(options);
        return new PublishOrchestrator(_session, _factory, options);
    }
}
