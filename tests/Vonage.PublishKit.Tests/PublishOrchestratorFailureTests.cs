using System;
using System.Threading;
using System.Threading.Tasks;
using Moq;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests;

/// <summary>Timeouts, precedence between concurrent failures, and cancellation.</summary>
public class PublishOrchestratorFailureTests
{
    private readonly SeamHarness _seams = new();

    [Fact]
    public async Task PublishAsync_ConnectNeverCompletes_ThrowsNotConnectedAfterConnectTimeout()
    {
        _seams.Options.ConnectTimeout = TimeSpan.FromSeconds(5);
        _seams.Session.Setup(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns(new TaskCompletionSource().Task);
        await using var sut = _seams.CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);
        _seams.Time.Advance(TimeSpan.FromSeconds(5));

        var exception = await Assert.ThrowsAsync<NotConnectedException>(() => publish.OrTimeout());
        Assert.Equal(PublishPhase.Connect, exception.Phase);
        Assert.True(exception.IsTransient);
        Assert.IsType<TimeoutException>(exception.InnerException);
        Assert.DoesNotContain(SeamHarness.Token, exception.ToString(), StringComparison.Ordinal);
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task PublishAsync_InitializeNeverCompletes_ThrowsDeviceUnavailableAfterInitializeTimeout()
    {
        _seams.ConfigurePublisher = p => p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>())).Returns(new TaskCompletionSource().Task);
        await using var sut = _seams.CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);
        _seams.Time.Advance(PublishOrchestratorOptions.DefaultInitializeTimeout);

        var exception = await Assert.ThrowsAsync<DeviceUnavailableException>(() => publish.OrTimeout());
        Assert.Equal(PublishPhase.Initialize, exception.Phase);
        Assert.IsType<TimeoutException>(exception.InnerException);
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task PublishAsync_ConnectFailsThenInitializeDenied_AccessDeniedWinsAndConnectFailureStaysObservable()
    {
        var initialize = new TaskCompletionSource();
        _seams.ConfigurePublisher = p => p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>())).Returns(initialize.Task);
        var connectFailure = PublishErrors.NotConnected();
        _seams.Session.Setup(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(connectFailure);
        await using var sut = _seams.CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);
        Assert.False(publish.IsCompleted, "a device error may still come, so the connect failure waits");
        initialize.SetException(PublishErrors.AccessDenied());

        var exception = await Assert.ThrowsAsync<AccessDeniedException>(() => publish.OrTimeout());
        Assert.Same(connectFailure, exception.ConcurrentFailure);
        Assert.Contains(_seams.Logger.Collector.GetSnapshot(), r => r.Id.Id == 5);
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task PublishAsync_InitializeDeniedWhileConnecting_ThrowsAtOnceAndStopsConnect()
    {
        var connectToken = default(CancellationToken);
        _seams.ConfigurePublisher = p => p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>())).ThrowsAsync(PublishErrors.AccessDenied());
        _seams.Session.Setup(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback((string _, CancellationToken ct) => connectToken = ct)
            .Returns(new TaskCompletionSource().Task);
        await using var sut = _seams.CreateSut();

        var exception = await Assert.ThrowsAsync<AccessDeniedException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        Assert.True(connectToken.IsCancellationRequested);
        Assert.Null(exception.ConcurrentFailure);
        _seams.VerifyEveryPublisherDisposedOnce();
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Fact]
    public async Task PublishAsync_InitializeUnknownAndConnectOffline_NetworkFailureWinsOverUnknown()
    {
        var initializeFailure = PublishErrors.Unknown();
        _seams.ConfigurePublisher = p => p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>())).ThrowsAsync(initializeFailure);
        _seams.Session.Setup(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(PublishErrors.NotConnected());
        await using var sut = _seams.CreateSut();

        var exception = await Assert.ThrowsAsync<NotConnectedException>(() => sut.PublishAsync(SeamHarness.Token));

        Assert.Same(initializeFailure, exception.ConcurrentFailure);
    }

    [Fact]
    public async Task PublishAsync_SameExceptionInstanceFromBothPhases_HasNoSelfReference()
    {
        var failure = PublishErrors.NotConnected();
        _seams.ConfigurePublisher = p => p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>())).ThrowsAsync(failure);
        _seams.Session.Setup(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(failure);
        await using var sut = _seams.CreateSut();

        var exception = await Assert.ThrowsAsync<NotConnectedException>(() => sut.PublishAsync(SeamHarness.Token));

        Assert.Null(exception.ConcurrentFailure);
    }

    [Fact]
    public async Task PublishAsync_CallerCancelsDuringInitialize_ThrowsCallersCancellationAndReleasesPublisher()
    {
        _seams.ConfigurePublisher = p => p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>()))
            .Returns((CancellationToken ct) => Task.Delay(Timeout.Infinite, ct));
        await using var sut = _seams.CreateSut();
        using var cts = new CancellationTokenSource();

        var publish = sut.PublishAsync(SeamHarness.Token, cts.Token);
        await cts.CancelAsync();

        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());
        Assert.Equal(cts.Token, exception.CancellationToken);
        Assert.Equal("The publish was canceled.", exception.Message);
        Assert.True(publish.IsCanceled);
        _seams.VerifyEveryPublisherDisposedOnce();
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Fact]
    public async Task PublishAsync_CallerCancelsWhileSeamIgnoresToken_StopsWaitingAndObservesLateFailure()
    {
        var publishCall = new TaskCompletionSource();
        _seams.Session.Setup(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).Returns(publishCall.Task);
        await using var sut = _seams.CreateSut();
        using var cts = new CancellationTokenSource();
        var unobserved = 0;
        EventHandler<UnobservedTaskExceptionEventArgs> onUnobserved = (_, _) => Interlocked.Increment(ref unobserved);
        TaskScheduler.UnobservedTaskException += onUnobserved;
        try
        {
            var publish = sut.PublishAsync(SeamHarness.Token, cts.Token);
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());
            _seams.VerifyEveryPublisherDisposedOnce();

            publishCall.SetException(new InvalidOperationException("late SDK failure"));
            publish = null;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= onUnobserved;
        }

        Assert.Equal(0, unobserved);
        Assert.Contains(_seams.Logger.Collector.GetSnapshot(), r => r.Id.Id == 13 && r.Exception is InvalidOperationException);
    }

    [Fact]
    public async Task PublishAsync_CanceledAfterSessionPublished_RollsBackWithUnpublishAndRelease()
    {
        using var cts = new CancellationTokenSource();
        _seams.WhenSessionPublishes(() =>
        {
            // The caller gives up just as the session confirms.
            cts.Cancel();
        });
        await using var sut = _seams.CreateSut();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.PublishAsync(SeamHarness.Token, cts.Token).OrTimeout());

        _seams.Session.Verify(s => s.UnpublishAsync(_seams.Publisher.Object, It.IsAny<CancellationToken>()), Times.Once);
        _seams.VerifyEveryPublisherDisposedOnce();
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Fact]
    public async Task PublishAsync_AfterFailure_CanPublishAgainWithFreshPublisher()
    {
        var attempts = 0;
        _seams.Session.Setup(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns(() => ++attempts == 1 ? Task.FromException(PublishErrors.NotConnected()) : Task.CompletedTask);
        await using var sut = _seams.CreateSut();

        await Assert.ThrowsAsync<NotConnectedException>(() => sut.PublishAsync(SeamHarness.Token));
        var stream = await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Equal(2, _seams.Publishers.Count);
        Assert.Same(_seams.Publishers[1].Object, stream.Publisher);
        _seams.Publishers[0].Verify(p => p.DisposeAsync(), Times.Once);
        _seams.Publishers[1].Verify(p => p.DisposeAsync(), Times.Never);
    }

    [Fact]
    public async Task PublishAsync_PublisherDisposeThrows_FailureStillSurfacesAndIsLogged()
    {
        _seams.ConfigurePublisher = p =>
        {
            p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>())).ThrowsAsync(PublishErrors.AccessDenied());
            p.Setup(x => x.DisposeAsync()).ThrowsAsync(new InvalidOperationException("native crash"));
        };
        await using var sut = _seams.CreateSut();

        await Assert.ThrowsAsync<AccessDeniedException>(() => sut.PublishAsync(SeamHarness.Token));

        Assert.Contains(_seams.Logger.Collector.GetSnapshot(), r => r.Id.Id == 11);
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Fact]
    public async Task PublishAsync_SeamFailure_KeepsTheSeamsStackTrace()
    {
        _seams.Session.Setup(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns(FailingConnectAsync);
        await using var sut = _seams.CreateSut();

        var exception = await Assert.ThrowsAsync<NotConnectedException>(() => sut.PublishAsync(SeamHarness.Token));

        Assert.Contains(nameof(FailingConnectAsync), exception.StackTrace, StringComparison.Ordinal);
    }

    private static async Task FailingConnectAsync()
    {
        await Task.Yield();
        throw PublishErrors.NotConnected();
    }

    [Fact]
    public async Task PublishAsync_DeviceFailureArrivesWhileConnecting_EndsTheWaitAtOnce()
    {
        InlineContinuations.Enable();
        _seams.ConfigurePublisher = p => p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>()))
            .Returns(async (CancellationToken ct) =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), _seams.Time, ct);
                throw PublishErrors.AccessDenied();
            });
        _seams.Session.Setup(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string _, CancellationToken ct) => Task.Delay(Timeout.Infinite, ct));
        await using var sut = _seams.CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);
        _seams.Time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.True(publish.IsCompleted, "An access denial must not wait for the session.");
        await Assert.ThrowsAsync<AccessDeniedException>(() => publish);
        _seams.Session.Verify(s => s.UnpublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>()), Times.Never);
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task PublishAsync_AdapterBugInInitializeThenConnectFails_WaitsForConnectAndTheNetworkErrorWins()
    {
        InlineContinuations.Enable();
        var bug = new InvalidOperationException("adapter bug");
        _seams.ConfigurePublisher = p => p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>())).ThrowsAsync(bug);
        _seams.Session.Setup(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns(async (string _, CancellationToken ct) =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), _seams.Time, ct);
                throw PublishErrors.NotConnected();
            });
        await using var sut = _seams.CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);
        Assert.False(publish.IsCompleted);
        _seams.Time.Advance(TimeSpan.FromMilliseconds(100));

        var exception = await Assert.ThrowsAsync<NotConnectedException>(() => publish.OrTimeout());
        Assert.Same(bug, exception.ConcurrentFailure!.InnerException);
        Assert.Equal(PublishPhase.Initialize, exception.ConcurrentFailure.Phase);
    }

    [Fact]
    public async Task PublishAsync_CallerCancelsWhileConnecting_NeverAsksTheSessionToPublish()
    {
        _seams.Session.Setup(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string _, CancellationToken ct) => Task.Delay(Timeout.Infinite, ct));
        await using var sut = _seams.CreateSut();
        using var cts = new CancellationTokenSource();

        var publish = sut.PublishAsync(SeamHarness.Token, cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());
        _seams.Session.Verify(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>()), Times.Never);
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task PublishAsync_StreamIdThrowsAfterTheSessionPublished_UnpublishesReleasesAndWraps()
    {
        var bug = new InvalidOperationException("adapter bug");
        _seams.ConfigurePublisher = p => p.SetupGet(x => x.StreamId).Throws(bug);
        await using var sut = _seams.CreateSut();

        var exception = await Assert.ThrowsAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        Assert.Same(bug, exception.InnerException);
        _seams.Session.Verify(s => s.UnpublishAsync(_seams.Publisher.Object, It.IsAny<CancellationToken>()), Times.Once);
        _seams.VerifyEveryPublisherDisposedOnce();
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Fact]
    public async Task PublishAsync_SessionIsConnectedThrows_FailsInTheConnectPhase()
    {
        var bug = new InvalidOperationException("adapter bug");
        _seams.Session.SetupGet(s => s.IsConnected).Throws(bug);
        await using var sut = _seams.CreateSut();

        var exception = await Assert.ThrowsAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        Assert.Equal((PublishErrorKind.Unknown, PublishPhase.Connect), (exception.Kind, exception.Phase));
        Assert.Same(bug, exception.InnerException);
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task PublishAsync_StreamDestroyedBeforeThePublishPhase_IsIgnored()
    {
        // The publisher has no stream yet: nothing was lost.
        var connect = new TaskCompletionSource();
        _seams.Session.Setup(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns(connect.Task);
        await using var sut = _seams.CreateSut();
        var lost = 0;
        sut.NetworkDisconnected += (_, _) => lost++;

        var publish = sut.PublishAsync(SeamHarness.Token);
        _seams.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        connect.SetResult();
        await publish.OrTimeout();

        Assert.Equal(0, lost);
        Assert.Equal(PublishState.Published, sut.State);
    }

    [Fact]
    public async Task PublishAsync_TwoLossesWhileThePublishIsConfirmed_TheFirstDecides()
    {
        _seams.WhenSessionPublishes(() =>
        {
            _seams.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
            _seams.Session.Raise(s => s.Disconnected += null, new SessionDisconnectedEventArgs(DisconnectReason.ClientDisconnected));
        });
        await using var sut = _seams.CreateSut();
        var lost = 0;
        sut.NetworkDisconnected += (_, _) => lost++;

        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Equal(1, lost);
        Assert.Equal(PublishState.Idle, sut.State);
    }
}
