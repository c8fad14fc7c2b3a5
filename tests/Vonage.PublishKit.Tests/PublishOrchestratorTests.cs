using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Moq;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests;

public class PublishOrchestratorTests
{
    private readonly SeamHarness _seams = new();

    [Fact]
    public async Task PublishAsync_AllPhasesSucceed_ReturnsPublishedStream()
    {
        await using var sut = _seams.CreateSut();

        var stream = await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Same(_seams.Publisher.Object, stream.Publisher);
        Assert.Equal("stream-1", stream.StreamId);
        Assert.Equal(PublishState.Published, sut.State);
        Assert.Same(stream, sut.CurrentStream);
        _seams.Session.Verify(s => s.ConnectAsync(SeamHarness.Token, It.IsAny<CancellationToken>()), Times.Once);
        _seams.Session.Verify(s => s.PublishAsync(_seams.Publisher.Object, It.IsAny<CancellationToken>()), Times.Once);
        _seams.Publisher.Verify(p => p.DisposeAsync(), Times.Never);
    }

    [Fact]
    public async Task PublishAsync_PhasesTakeTime_TotalIsSlowerSetupPhasePlusPublish()
    {
        _seams.ConfigurePublisher = p => p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>()))
            .Returns((CancellationToken ct) => Task.Delay(TimeSpan.FromMilliseconds(200), _seams.Time, ct));
        _seams.Session.Setup(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string _, CancellationToken ct) => Task.Delay(TimeSpan.FromMilliseconds(300), _seams.Time, ct));
        _seams.Session.Setup(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>()))
            .Returns((IPublisher _, CancellationToken ct) => Task.Delay(TimeSpan.FromMilliseconds(100), _seams.Time, ct));
        await using var sut = _seams.CreateSut();

        var stream = await _seams.AdvanceUntilCompleteAsync(sut.PublishAsync(SeamHarness.Token), TimeSpan.FromMilliseconds(10));

        Assert.Equal(TimeSpan.FromMilliseconds(200), stream.InitializeDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(300), stream.ConnectDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(100), stream.PublishDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(400), stream.TotalDuration);
    }

    [Fact]
    public async Task PublishAsync_InitializePending_ConnectHasAlreadyStarted()
    {
        var initialize = new TaskCompletionSource();
        _seams.ConfigurePublisher = p => p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>())).Returns(initialize.Task);
        await using var sut = _seams.CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);

        _seams.Session.Verify(s => s.ConnectAsync(SeamHarness.Token, It.IsAny<CancellationToken>()), Times.Once);
        _seams.Session.Verify(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.False(publish.IsCompleted);

        initialize.SetResult();
        await publish.OrTimeout();
        _seams.Session.Verify(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task PublishAsync_ConnectPending_DoesNotPublishUntilConnected()
    {
        var connect = new TaskCompletionSource();
        _seams.Session.Setup(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns(connect.Task);
        await using var sut = _seams.CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);

        _seams.Publisher.Verify(p => p.InitializeAsync(It.IsAny<CancellationToken>()), Times.Once);
        _seams.Session.Verify(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>()), Times.Never);
        connect.SetResult();
        await publish.OrTimeout();
        _seams.Session.Verify(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task PublishAsync_SessionAlreadyConnected_DoesNotConnectAgain()
    {
        _seams.Session.SetupGet(s => s.IsConnected).Returns(true);
        await using var sut = _seams.CreateSut();

        var stream = await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        _seams.Session.Verify(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Equal(TimeSpan.Zero, stream.ConnectDuration);
    }

    [Fact]
    public async Task PublishAsync_PassesSettingsCopyToFactory()
    {
        _seams.Options.Publisher = new PublisherSettings { Name = "Alice", PublishAudio = false };
        await using var sut = _seams.CreateSut();
        _seams.Options.Publisher.Name = "changed after construction";

        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        _seams.Factory.Verify(f => f.CreatePublisher(It.Is<PublisherSettings>(s => s.Name == "Alice" && !s.PublishAudio && s.PublishVideo)), Times.Once);
    }

    [Fact]
    public async Task PublishAsync_NullToken_ThrowsArgumentNullExceptionAndStaysUsable()
    {
        await using var sut = _seams.CreateSut();

        var exception = Assert.Throws<ArgumentNullException>(() => { _ = sut.PublishAsync(null!); });

        Assert.Equal("token", exception.ParamName);
        Assert.Equal(PublishState.Idle, sut.State);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\r\n")]
    public async Task PublishAsync_EmptyOrWhiteSpaceToken_ThrowsArgumentExceptionAndStaysUsable(string token)
    {
        await using var sut = _seams.CreateSut();

        var exception = Assert.Throws<ArgumentException>(() => { _ = sut.PublishAsync(token); });

        Assert.Equal("token", exception.ParamName);
        Assert.StartsWith("The token must not be empty or white space.", exception.Message, StringComparison.Ordinal);
        _seams.Factory.Verify(f => f.CreatePublisher(It.IsAny<PublisherSettings>()), Times.Never);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
    }

    [Fact]
    public async Task PublishAsync_WhilePublishing_ThrowsInvalidOperationExceptionSayingWhy()
    {
        var initialize = new TaskCompletionSource();
        _seams.ConfigurePublisher = p => p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>())).Returns(initialize.Task);
        await using var sut = _seams.CreateSut();
        var first = sut.PublishAsync(SeamHarness.Token);

        var exception = Assert.Throws<InvalidOperationException>(() => { _ = sut.PublishAsync(SeamHarness.Token); });

        Assert.Contains("in progress", exception.Message, StringComparison.Ordinal);
        initialize.SetResult();
        await first.OrTimeout();
        Assert.Single(_seams.Publishers);
    }

    [Fact]
    public async Task PublishAsync_WhilePublished_ThrowsInvalidOperationExceptionSayingWhy()
    {
        await using var sut = _seams.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        var exception = Assert.Throws<InvalidOperationException>(() => { _ = sut.PublishAsync(SeamHarness.Token); });

        Assert.Contains("UnpublishAsync", exception.Message, StringComparison.Ordinal);
        Assert.Equal(PublishState.Published, sut.State);
    }

    [Fact]
    public async Task PublishAsync_AlreadyCanceledToken_ReturnsCanceledTaskWithoutCreatingPublisher()
    {
        await using var sut = _seams.CreateSut();
        var transitions = 0;
        sut.StateChanged += (_, _) => transitions++;
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var publish = sut.PublishAsync(SeamHarness.Token, cts.Token);

        Assert.True(publish.IsCanceled);
        Assert.Equal(0, transitions);
        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish);
        Assert.Equal(cts.Token, exception.CancellationToken);
        Assert.Equal(PublishState.Idle, sut.State);
        _seams.Factory.Verify(f => f.CreatePublisher(It.IsAny<PublisherSettings>()), Times.Never);
    }

    [Fact]
    public async Task PublishAsync_Success_RaisesStateChangedForEachTransition()
    {
        await using var sut = _seams.CreateSut();
        var transitions = new List<(PublishState, PublishState)>();
        sut.StateChanged += (_, e) => transitions.Add((e.PreviousState, e.State));

        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        await sut.UnpublishAsync().OrTimeout();

        Assert.Equal(
            [
                (PublishState.Idle, PublishState.Publishing),
                (PublishState.Publishing, PublishState.Published),
                (PublishState.Published, PublishState.Unpublishing),
                (PublishState.Unpublishing, PublishState.Idle),
            ],
            transitions);
    }

    [Fact]
    public async Task PublishAsync_StateChangedHandlerThrows_PublishStillSucceedsAndIsLogged()
    {
        await using var sut = _seams.CreateSut();
        var calls = 0;
        sut.StateChanged += (_, _) => throw new InvalidOperationException("handler bug");
        sut.StateChanged += (_, _) => calls++;

        var stream = await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Equal(PublishState.Published, sut.State);
        Assert.Equal(2, calls);
        Assert.Contains(_seams.Logger.Collector.GetSnapshot(), r => r.Id.Id == 12 && r.Level == LogLevel.Error && r.Exception is InvalidOperationException);
        Assert.NotNull(stream);
    }

    [Fact]
    public async Task PublishAsync_FactoryThrows_WrapsInUnknownPublishException()
    {
        var failure = new InvalidOperationException("camera driver crashed");
        _seams.Factory.Setup(f => f.CreatePublisher(It.IsAny<PublisherSettings>())).Throws(failure);
        await using var sut = _seams.CreateSut();

        var exception = await Assert.ThrowsAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token));

        Assert.Equal(PublishErrorKind.Unknown, exception.Kind);
        Assert.Equal(PublishPhase.Initialize, exception.Phase);
        Assert.Same(failure, exception.InnerException);
        Assert.Equal(PublishState.Idle, sut.State);
        _seams.Session.Verify(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task PublishAsync_FactoryReturnsNull_ThrowsPublishExceptionExplainingIt()
    {
        _seams.Factory.Setup(f => f.CreatePublisher(It.IsAny<PublisherSettings>())).Returns((IPublisher)null!);
        await using var sut = _seams.CreateSut();

        var exception = await Assert.ThrowsAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token));

        var inner = Assert.IsType<InvalidOperationException>(exception.InnerException);
        Assert.Contains("returned null", inner.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_SeamReturnsNullTask_WrapsAndDisposesPublisher()
    {
        _seams.Session.Setup(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).Returns((Task)null!);
        await using var sut = _seams.CreateSut();

        var exception = await Assert.ThrowsAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token));

        Assert.Equal(PublishPhase.Publish, exception.Phase);
        Assert.Equal("The Publish operation returned a null task.", Assert.IsType<InvalidOperationException>(exception.InnerException).Message);
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task PublishAsync_SeamThrowsSynchronously_SameAsFaultedTask()
    {
        _seams.ConfigurePublisher = p => p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>())).Throws(PublishErrors.NoDevicesFound());
        await using var sut = _seams.CreateSut();

        await Assert.ThrowsAsync<DeviceUnavailableException>(() => sut.PublishAsync(SeamHarness.Token));

        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task PublishAsync_AdapterThrowsNonPublishException_WrapsWithPhaseAndInner()
    {
        var failure = new InvalidOperationException("adapter bug");
        _seams.Session.Setup(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(failure);
        await using var sut = _seams.CreateSut();

        var exception = await Assert.ThrowsAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token));

        Assert.Equal(PublishErrorKind.Unknown, exception.Kind);
        Assert.Equal(PublishPhase.Connect, exception.Phase);
        Assert.Same(failure, exception.InnerException);
        Assert.False(exception.IsTransient);
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task PublishAsync_SeamCancelsOnItsOwn_WrapsAsUnknownNotCallerCancellation()
    {
        _seams.Session.Setup(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).Returns(Task.FromCanceled(new CancellationToken(true)));
        await using var sut = _seams.CreateSut();

        var exception = await Assert.ThrowsAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(exception.InnerException);
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task PublishAsync_Succeeds_LogsStartPhasesAndResultWithoutToken()
    {
        await using var sut = _seams.CreateSut();

        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        var records = _seams.Logger.Collector.GetSnapshot();
        Assert.Equal([1, 2, 2, 2, 3], records.Select(r => r.Id.Id));
        Assert.All(records, r => Assert.DoesNotContain(SeamHarness.Token, r.Message, StringComparison.Ordinal));
        Assert.All(records, r => Assert.DoesNotContain(SeamHarness.Token, string.Join(";", r.StructuredState!.Select(kv => kv.Value)), StringComparison.Ordinal));
    }

    [Fact]
    public async Task PublishAsync_Fails_LogsKindAndSdkCodeOnce()
    {
        _seams.ConfigurePublisher = p => p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>())).ThrowsAsync(PublishErrors.AccessDenied());
        await using var sut = _seams.CreateSut();

        await Assert.ThrowsAsync<AccessDeniedException>(() => sut.PublishAsync(SeamHarness.Token));

        var failure = Assert.Single(_seams.Logger.Collector.GetSnapshot(), r => r.Id.Id == 4);
        Assert.Equal(LogLevel.Warning, failure.Level);
        Assert.Contains("AccessDenied", failure.Message, StringComparison.Ordinal);
        Assert.Contains("1500", failure.Message, StringComparison.Ordinal);
        Assert.Null(failure.Exception);
    }

    [Fact]
    public async Task Constructor_NullArguments_ThrowArgumentNullExceptionNamingThem()
    {
        Assert.Equal("session", Assert.Throws<ArgumentNullException>(() => new PublishOrchestrator(null!, _seams.Factory.Object)).ParamName);
        Assert.Equal("publisherFactory", Assert.Throws<ArgumentNullException>(() => new PublishOrchestrator(_seams.Session.Object, null!)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => new PublishOrchestrator(_seams.Session.Object, _seams.Factory.Object, null!)).ParamName);
        await using var sut = new PublishOrchestrator(_seams.Session.Object, _seams.Factory.Object);
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Theory]
    [InlineData(nameof(PublishOrchestratorOptions.InitializeTimeout), 0)]
    [InlineData(nameof(PublishOrchestratorOptions.ConnectTimeout), -2)]
    [InlineData(nameof(PublishOrchestratorOptions.PublishTimeout), 0)]
    [InlineData(nameof(PublishOrchestratorOptions.PublishTimeout), -5000)]
    public void Constructor_NonPositiveTimeout_ThrowsArgumentOutOfRangeNamingTheOption(string option, int milliseconds)
    {
        typeof(PublishOrchestratorOptions).GetProperty(option)!.SetValue(_seams.Options, TimeSpan.FromMilliseconds(milliseconds));

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => _seams.CreateSut());

        Assert.Equal(option, exception.ParamName);
        Assert.Contains(option, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NullTimeProviderOrSettings_ThrowsNamingTheOption()
    {
        _seams.Options.TimeProvider = null!;
        Assert.Equal("TimeProvider", Assert.Throws<ArgumentNullException>(() => _seams.CreateSut()).ParamName);

        _seams.Options.TimeProvider = _seams.Time;
        _seams.Options.Publisher = null!;
        Assert.Equal("Publisher", Assert.Throws<ArgumentNullException>(() => _seams.CreateSut()).ParamName);
    }

    [Fact]
    public async Task Constructor_InfiniteTimeouts_AreAcceptedAndMeanNoWatchdog()
    {
        _seams.Options.PublishTimeout = Timeout.InfiniteTimeSpan;
        var publish = new TaskCompletionSource();
        _seams.Session.Setup(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).Returns(publish.Task);
        await using var sut = _seams.CreateSut();

        var task = sut.PublishAsync(SeamHarness.Token);
        _seams.Time.Advance(TimeSpan.FromDays(1));

        Assert.False(task.IsCompleted);
        publish.SetResult();
        await task.OrTimeout();
    }

    [Fact]
    public void Options_Defaults_AreDocumentedValues()
    {
        var options = new PublishOrchestratorOptions();

        Assert.Equal(TimeSpan.FromSeconds(30), options.InitializeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(15), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(15), options.PublishTimeout);
        Assert.Same(TimeProvider.System, options.TimeProvider);
        Assert.True(options.Publisher.PublishAudio);
        Assert.True(options.Publisher.PublishVideo);
        Assert.Null(options.Publisher.Name);
    }
}
