using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Moq;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests;

/// <summary>Unpublish, stream loss and disposal: every publisher released exactly once, whatever the order.</summary>
public class PublishOrchestratorLifecycleTests
{
    private readonly SeamHarness _seams = new();

    [Fact]
    public async Task UnpublishAsync_Published_UnpublishesOnceReleasesPublisherAndAllowsPublishingAgain()
    {
        await using var sut = _seams.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        await sut.UnpublishAsync().OrTimeout();
        await sut.UnpublishAsync().OrTimeout();

        _seams.Session.Verify(s => s.UnpublishAsync(_seams.Publisher.Object, It.IsAny<CancellationToken>()), Times.Once);
        _seams.VerifyEveryPublisherDisposedOnce();
        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Null(sut.CurrentStream);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        Assert.Equal(2, _seams.Publishers.Count);
    }

    [Fact]
    public async Task UnpublishAsync_Idle_DoesNothing()
    {
        await using var sut = _seams.CreateSut();

        await sut.UnpublishAsync().OrTimeout();

        _seams.Session.Verify(s => s.UnpublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Fact]
    public async Task UnpublishAsync_Concurrent_JoinTheSameUnpublish()
    {
        var unpublish = new TaskCompletionSource();
        _seams.Session.Setup(s => s.UnpublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).Returns(unpublish.Task);
        await using var sut = _seams.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        var first = sut.UnpublishAsync();
        var second = sut.UnpublishAsync();
        Assert.Equal(PublishState.Unpublishing, sut.State);
        Assert.False(second.IsCompleted);
        unpublish.SetResult();
        await Task.WhenAll(first, second).OrTimeout();

        _seams.Session.Verify(s => s.UnpublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>()), Times.Once);
        _seams.VerifyEveryPublisherDisposedOnce();
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Fact]
    public async Task UnpublishAsync_SessionFailsToUnpublish_StillReleasesPublisher()
    {
        _seams.Session.Setup(s => s.UnpublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).ThrowsAsync(PublishErrors.NotConnected(PublishPhase.Publish));
        await using var sut = _seams.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        await sut.UnpublishAsync().OrTimeout();

        _seams.VerifyEveryPublisherDisposedOnce();
        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Contains(_seams.Logger.Collector.GetSnapshot(), r => r.Id.Id == 10);
    }

    [Fact]
    public async Task UnpublishAsync_SessionNeverConfirms_ReleasesAfterReleaseTimeout()
    {
        _seams.Session.Setup(s => s.UnpublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).Returns(new TaskCompletionSource().Task);
        await using var sut = _seams.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        var unpublish = sut.UnpublishAsync();
        _seams.Time.Advance(PublishOrchestratorOptions.DefaultReleaseTimeout);
        await unpublish.OrTimeout();

        _seams.VerifyEveryPublisherDisposedOnce();
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Fact]
    public async Task UnpublishAsync_CanceledBeforeSessionConfirms_ReleasesPublisherThenThrowsCancellation()
    {
        _seams.Session.Setup(s => s.UnpublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).Returns(new TaskCompletionSource().Task);
        await using var sut = _seams.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        using var cts = new CancellationTokenSource();

        var unpublish = sut.UnpublishAsync(cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => unpublish.OrTimeout());
        _seams.VerifyEveryPublisherDisposedOnce();
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Fact]
    public async Task UnpublishAsync_DuringPublish_StopsAttemptAndReleasesPublisher()
    {
        var initialize = new TaskCompletionSource();
        _seams.ConfigurePublisher = p => p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>())).Returns(initialize.Task);
        await using var sut = _seams.CreateSut();
        var publish = sut.PublishAsync(SeamHarness.Token);

        await sut.UnpublishAsync().OrTimeout();

        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());
        Assert.Contains("UnpublishAsync", exception.Message, StringComparison.Ordinal);
        _seams.VerifyEveryPublisherDisposedOnce();
        Assert.Equal(PublishState.Idle, sut.State);
        _seams.Session.Verify(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task UnpublishAsync_AfterSessionPublishedButBeforeReturn_RollsBack()
    {
        PublishOrchestrator? sut = null;
        Task? unpublish = null;
        _seams.WhenSessionPublishes(() =>
        {
            unpublish = sut!.UnpublishAsync();
        });
        sut = _seams.CreateSut();
        await using var _ = sut;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());
        await unpublish!.OrTimeout();

        _seams.Session.Verify(s => s.UnpublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>()), Times.Once);
        _seams.VerifyEveryPublisherDisposedOnce();
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Fact]
    public async Task StreamDestroyed_AfterUnpublish_IsNotReportedAsLost()
    {
        var raised = 0;
        _seams.Session.Setup(s => s.UnpublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                _seams.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
                return Task.CompletedTask;
            });
        await using var sut = _seams.CreateSut();
        sut.NetworkDisconnected += (_, _) => raised++;
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        await sut.UnpublishAsync().OrTimeout();

        Assert.Equal(0, raised);
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Theory]
    [InlineData(StreamDestroyedReason.ClientDisconnected)]
    [InlineData(StreamDestroyedReason.ForceDisconnected)]
    [InlineData(StreamDestroyedReason.ForceUnpublished)]
    [InlineData(StreamDestroyedReason.MediaStopped)]
    [InlineData(StreamDestroyedReason.Unknown)]
    public async Task StreamDestroyed_OtherReason_OnlyChangesStateAndReleasesPublisher(StreamDestroyedReason reason)
    {
        await using var sut = _seams.CreateSut();
        var raised = 0;
        var transitions = new List<PublishState>();
        sut.NetworkDisconnected += (_, _) => raised++;
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        sut.StateChanged += (_, e) => transitions.Add(e.State);

        _seams.Publisher.Raise(p => p.StreamDestroyed += null, new StreamDestroyedEventArgs(reason));

        Assert.Equal(0, raised);
        Assert.Equal([PublishState.Idle], transitions);
        await sut.DisposeAsync();
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task SessionDisconnected_NetworkWhilePublished_RaisesNetworkDisconnectedOnce()
    {
        await using var sut = _seams.CreateSut();
        var events = new List<NetworkDisconnectedEventArgs>();
        sut.NetworkDisconnected += (_, e) => events.Add(e);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        _seams.Session.Raise(s => s.Disconnected += null, new SessionDisconnectedEventArgs(DisconnectReason.NetworkDisconnected));
        _seams.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);

        var args = Assert.Single(events);
        Assert.Equal("stream-1", args.StreamId);
        Assert.Equal(PublishState.Idle, sut.State);
        await sut.DisposeAsync();
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task SessionDisconnected_ByClient_EndsPublicationWithoutNetworkEvent()
    {
        await using var sut = _seams.CreateSut();
        var raised = 0;
        sut.NetworkDisconnected += (_, _) => raised++;
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        _seams.Session.Raise(s => s.Disconnected += null, new SessionDisconnectedEventArgs(DisconnectReason.ClientDisconnected));

        Assert.Equal(0, raised);
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Fact]
    public async Task SessionDisconnected_WhileIdle_IsIgnored()
    {
        await using var sut = _seams.CreateSut();
        var transitions = 0;
        sut.StateChanged += (_, _) => transitions++;

        _seams.Session.Raise(s => s.Disconnected += null, new SessionDisconnectedEventArgs(DisconnectReason.NetworkDisconnected));

        Assert.Equal(0, transitions);
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Fact]
    public async Task StreamDestroyed_BeforePublishReturns_PublishSucceedsThenLossIsReported()
    {
        _seams.WhenSessionPublishes(() =>
        {
            // The SDK confirms and loses the stream before the orchestrator resumes.
            _seams.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        });
        await using var sut = _seams.CreateSut();
        var raised = 0;
        sut.NetworkDisconnected += (_, _) => raised++;

        var stream = await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Equal("stream-1", stream.StreamId);
        Assert.Equal(1, raised);
        Assert.Equal(PublishState.Idle, sut.State);
        await sut.DisposeAsync();
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task NetworkDisconnected_HandlerThrows_OtherHandlersRunAndStateIsConsistent()
    {
        await using var sut = _seams.CreateSut();
        var second = 0;
        sut.NetworkDisconnected += (_, _) => throw new InvalidOperationException("handler bug");
        sut.NetworkDisconnected += (_, _) => second++;
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        _seams.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);

        Assert.Equal(1, second);
        Assert.Equal(PublishState.Idle, sut.State);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        Assert.Equal(PublishState.Published, sut.State);
    }

    [Fact]
    public async Task NetworkDisconnected_HandlerPublishesAgain_NewStreamIsPublished()
    {
        await using var sut = _seams.CreateSut();
        Task<PublishedStream>? republish = null;
        sut.NetworkDisconnected += (_, _) => republish = sut.PublishAsync(SeamHarness.Token);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        _seams.Publishers[0].Raise(p => p.StreamDestroyed += null, new StreamDestroyedEventArgs(StreamDestroyedReason.NetworkDisconnected));
        var stream = await republish!.OrTimeout();

        Assert.Equal("stream-2", stream.StreamId);
        await sut.DisposeAsync();
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task DisposeAsync_DuringPublish_EndsCallWithCancellationAndReleasesPublisher()
    {
        var initialize = new TaskCompletionSource();
        _seams.ConfigurePublisher = p => p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>())).Returns(initialize.Task);
        var sut = _seams.CreateSut();
        var publish = sut.PublishAsync(SeamHarness.Token);

        await sut.DisposeAsync().AsTask().OrTimeout();

        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());
        Assert.Contains("disposed", exception.Message, StringComparison.Ordinal);
        _seams.VerifyEveryPublisherDisposedOnce();
        Assert.Equal(PublishState.Disposed, sut.State);
    }

    [Fact]
    public async Task DisposeAsync_WhilePublished_UnpublishesAndReleasesPublisher()
    {
        var sut = _seams.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        await sut.DisposeAsync();

        _seams.Session.Verify(s => s.UnpublishAsync(_seams.Publisher.Object, It.IsAny<CancellationToken>()), Times.Once);
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task DisposeAsync_WhileSessionPublishing_RollsBackWhenSessionConfirmsLate()
    {
        var publish = new TaskCompletionSource();
        _seams.Session.Setup(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).Returns(publish.Task);
        var sut = _seams.CreateSut();
        var call = sut.PublishAsync(SeamHarness.Token);

        var dispose = sut.DisposeAsync().AsTask();
        publish.SetResult();
        await dispose.OrTimeout();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.OrTimeout());
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task DisposeAsync_Twice_IsIdempotentAndLaterCallsThrowObjectDisposed()
    {
        var sut = _seams.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        await Task.WhenAll(sut.DisposeAsync().AsTask(), sut.DisposeAsync().AsTask()).OrTimeout();
        await sut.DisposeAsync();

        _seams.VerifyEveryPublisherDisposedOnce();
        Assert.Throws<ObjectDisposedException>(() => { _ = sut.PublishAsync(SeamHarness.Token); });
        Assert.Throws<ObjectDisposedException>(() => { _ = sut.UnpublishAsync(); });
        Assert.Equal(PublishState.Disposed, sut.State);
    }

    [Fact]
    public async Task DisposeAsync_RaisesNoEventAfterwardsAndDetachesFromSession()
    {
        var sut = _seams.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        var after = new List<string>();
        var disposedSeen = false;
        sut.StateChanged += (_, e) =>
        {
            if (disposedSeen)
            {
                after.Add(e.State.ToString());
            }

            disposedSeen |= e.State == PublishState.Disposed;
        };
        sut.NetworkDisconnected += (_, _) => after.Add("NetworkDisconnected");

        await sut.DisposeAsync();
        _seams.Session.Raise(s => s.Disconnected += null, new SessionDisconnectedEventArgs(DisconnectReason.NetworkDisconnected));
        _seams.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);

        Assert.True(disposedSeen);
        Assert.Empty(after);
        _seams.Session.VerifyRemove(s => s.Disconnected -= It.IsAny<EventHandler<SessionDisconnectedEventArgs>>(), Times.Once);
        _seams.Session.VerifyRemove(s => s.Reconnecting -= It.IsAny<EventHandler>(), Times.Once);
        _seams.Session.VerifyRemove(s => s.Reconnected -= It.IsAny<EventHandler>(), Times.Once);
    }

    [Fact]
    public async Task DisposeAsync_WaitsForPublisherReleasedInBackgroundAfterLoss()
    {
        var release = new TaskCompletionSource();
        _seams.ConfigurePublisher = p => p.Setup(x => x.DisposeAsync()).Returns(new ValueTask(release.Task));
        var sut = _seams.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        _seams.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);

        var dispose = sut.DisposeAsync().AsTask();
        Assert.False(dispose.IsCompleted);
        release.SetResult();
        await dispose.OrTimeout();

        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task UnpublishAsync_InProgress_HidesTheStreamAndRefusesANewPublish()
    {
        var unpublish = new TaskCompletionSource();
        _seams.Session.Setup(s => s.UnpublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).Returns(unpublish.Task);
        await using var sut = _seams.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        var stopping = sut.UnpublishAsync();

        Assert.Equal(PublishState.Unpublishing, sut.State);
        Assert.Null(sut.CurrentStream);
        var refused = Assert.Throws<InvalidOperationException>(() => { _ = sut.PublishAsync(SeamHarness.Token); });
        Assert.Equal("The stream is being unpublished. Await UnpublishAsync before publishing again.", refused.Message);
        unpublish.SetResult();
        await stopping.OrTimeout();
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Fact]
    public async Task UnpublishAsync_SessionCancelsOnItsOwn_StillCompletesAndReleases()
    {
        // Only the caller's token makes UnpublishAsync throw; the SDK giving up is logged and ignored.
        _seams.Session.Setup(s => s.UnpublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).Returns(Task.FromCanceled(new CancellationToken(true)));
        await using var sut = _seams.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        await sut.UnpublishAsync().OrTimeout();

        Assert.Equal(PublishState.Idle, sut.State);
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task Release_UnsubscribesFromThePublisherItSubscribedTo()
    {
        EventHandler<StreamDestroyedEventArgs>? subscribed = null;
        _seams.ConfigurePublisher = p => p.SetupAdd(x => x.StreamDestroyed += It.IsAny<EventHandler<StreamDestroyedEventArgs>>())
            .Callback<EventHandler<StreamDestroyedEventArgs>>(handler => subscribed = handler);
        await using var sut = _seams.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        await sut.UnpublishAsync().OrTimeout();

        Assert.NotNull(subscribed);
        _seams.Publisher.VerifyRemove(p => p.StreamDestroyed -= subscribed, Times.Once);
    }

    [Fact]
    public async Task StateChangedHandler_UnpublishesAStreamLostWhilePublishing_NoLossIsReported()
    {
        _seams.WhenSessionPublishes(() =>
        {
            _seams.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        });
        var confirmUnpublish = new TaskCompletionSource();
        _seams.Session.Setup(s => s.UnpublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).Returns(confirmUnpublish.Task);
        await using var sut = _seams.CreateSut();
        var states = new List<PublishState>();
        var lost = 0;
        Task? unpublish = null;
        sut.NetworkDisconnected += (_, _) => lost++;
        sut.StateChanged += (_, e) =>
        {
            states.Add(e.State);
            if (e.State == PublishState.Published)
            {
                unpublish = sut.UnpublishAsync();
            }
        };

        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        // Still unpublishing: the loss seen while publishing belongs to a stream the application already stopped.
        Assert.Equal(PublishState.Unpublishing, sut.State);
        confirmUnpublish.SetResult();
        await unpublish!.OrTimeout();
        Assert.Equal(0, lost);
        Assert.Equal([PublishState.Publishing, PublishState.Published, PublishState.Unpublishing, PublishState.Idle], states);
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task DisposeAsync_SessionConfirmsFromADisposedHandler_RollsBack()
    {
        // Disposal replaces the current attempt, raises StateChanged, and only then cancels: a confirmation
        // arriving in between must not publish a stream nobody can unpublish.
        InlineContinuations.Enable();
        var confirm = new TaskCompletionSource();
        _seams.Session.Setup(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).Returns(confirm.Task);
        var sut = _seams.CreateSut();
        var states = new List<PublishState>();
        sut.StateChanged += (_, e) =>
        {
            states.Add(e.State);
            if (e.State == PublishState.Disposed)
            {
                confirm.SetResult();
            }
        };
        var publish = sut.PublishAsync(SeamHarness.Token);

        await sut.DisposeAsync().AsTask().OrTimeout();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());
        Assert.Equal(PublishState.Disposed, sut.State);
        Assert.Equal([PublishState.Publishing, PublishState.Disposed], states);
        _seams.Session.Verify(s => s.UnpublishAsync(_seams.Publisher.Object, It.IsAny<CancellationToken>()), Times.Once);
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task UnpublishAsync_SeamsCancellationCallbackThrows_StillStopsThePublish()
    {
        // CancellationTokenSource.Cancel rethrows a callback's exception; the stop has happened all the same.
        _seams.Session.Setup(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string _, CancellationToken ct) =>
            {
                ct.Register(() => throw new InvalidOperationException("adapter bug in a cancellation callback"));
                return new TaskCompletionSource().Task;
            });
        await using var sut = _seams.CreateSut();
        var publish = sut.PublishAsync(SeamHarness.Token);

        await sut.UnpublishAsync().OrTimeout();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());
        Assert.Equal(PublishState.Idle, sut.State);
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task DisposeAsync_DuringUnpublish_JoinsItWithoutAskingTheSessionAgain()
    {
        var unpublish = new TaskCompletionSource();
        _seams.Session.Setup(s => s.UnpublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).Returns(unpublish.Task);
        var sut = _seams.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        var unpublishing = sut.UnpublishAsync();
        var dispose = sut.DisposeAsync().AsTask();

        Assert.False(dispose.IsCompleted);
        unpublish.SetResult();
        await Task.WhenAll(unpublishing, dispose).OrTimeout();
        _seams.Session.Verify(s => s.UnpublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>()), Times.Once);
        _seams.VerifyEveryPublisherDisposedOnce();
        Assert.Equal(PublishState.Disposed, sut.State);
    }

    [Fact]
    public async Task DisposeAsync_Concurrent_EveryCallWaitsForTheFirst()
    {
        var unpublish = new TaskCompletionSource();
        _seams.Session.Setup(s => s.UnpublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).Returns(unpublish.Task);
        var sut = _seams.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        var first = sut.DisposeAsync().AsTask();
        var second = sut.DisposeAsync().AsTask();

        Assert.False(second.IsCompleted);
        unpublish.SetResult();
        await Task.WhenAll(first, second).OrTimeout();
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task DisposeAsync_WaitsForALostPublisherAndTheRepublishWaitingForIt()
    {
        // The republish may not create its publisher before the lost one is released: one publisher at a time.
        var release = new TaskCompletionSource();
        _seams.Options.RepublishAfterNetworkLoss = true;
        _seams.ConfigurePublisher = p => p.Setup(x => x.DisposeAsync()).Returns(new ValueTask(release.Task));
        var sut = _seams.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        _seams.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        Assert.Equal(PublishState.Republishing, sut.State);

        var dispose = sut.DisposeAsync().AsTask();

        Assert.Single(_seams.Publishers);
        Assert.False(dispose.IsCompleted);
        release.SetResult();
        await dispose.OrTimeout();
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task DisposeAsync_WaitsForTheRepublishInFlightToReleaseItsPublisher()
    {
        InlineContinuations.Enable();
        var release = new TaskCompletionSource();
        _seams.Options.RepublishAfterNetworkLoss = true;
        var sut = _seams.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        _seams.ConfigurePublisher = p => p.Setup(x => x.DisposeAsync()).Returns(new ValueTask(release.Task));
        _seams.Session.Setup(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string _, CancellationToken ct) => Task.Delay(Timeout.Infinite, ct));
        _seams.Session.Raise(s => s.Disconnected += null, new SessionDisconnectedEventArgs(DisconnectReason.NetworkDisconnected));
        Assert.Equal(2, _seams.Publishers.Count);

        var dispose = sut.DisposeAsync().AsTask();

        Assert.False(dispose.IsCompleted);
        release.SetResult();
        await dispose.OrTimeout();
        _seams.VerifyEveryPublisherDisposedOnce();
    }
}
