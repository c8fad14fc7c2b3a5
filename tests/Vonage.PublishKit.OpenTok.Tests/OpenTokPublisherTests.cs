using System.Collections.Generic;
using System.Threading.Tasks;
using System.Threading;
using System;
using OpenTok.Contract;
using OpenTok;
using Vonage.PublishKit.OpenTok.Tests.TestSupport;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.OpenTok.Tests;

/// <summary>The publisher built by <see cref="OpenTokPublisherFactory"/>, published through <see cref="OpenTokSession"/>.</summary>
public sealed class OpenTokPublisherTests : IDisposable
{
    private readonly SdkHarness _sdk = new();

    public void Dispose() => _sdk.Dispose();

    [Fact]
    public async Task InitializeAsync_BuildsSdkPublisherWithSettingsAndConfigureHook()
    {
        Publisher.Builder? configured = null;
        _sdk.Options.ConfigurePublisher = b => configured = b;
        var publisher = _sdk.CreateFactory().CreatePublisher(new PublisherSettings { Name = "Alice", PublishAudio = false });

        await publisher.InitializeAsync().OrTimeout();

        var sdkPublisher = Assert.Single(_sdk.Publishers);
        Assert.Equal("Alice", sdkPublisher.Script().Name);
        Assert.False(sdkPublisher.PublishAudio);
        Assert.True(sdkPublisher.PublishVideo);
        Assert.Equal("Alice", configured?.Name);
        Assert.Null(publisher.StreamId);
    }

    [Fact]
    public async Task InitializeAsync_BuildThrows1500_ThrowsAccessDeniedAndCanRetry()
    {
        var fail = true;
        _sdk.Context.Probe().OnBuildPublisher = () =>
        {
            if (fail)
            {
                throw new OpenTokException("Publisher Access Denied:") { ErrorCode = (ErrorCode)1500 };
            }
        };
        var publisher = _sdk.CreateFactory().CreatePublisher(new PublisherSettings());

        var exception = await Assert.ThrowsAsync<AccessDeniedException>(() => publisher.InitializeAsync().OrTimeout());
        Assert.Equal(1500, exception.SdkErrorCode);
        Assert.StartsWith("OpenTok.OpenTokException (ErrorCode 1500)", exception.InnerException?.Message, StringComparison.Ordinal);

        fail = false;
        await publisher.InitializeAsync().OrTimeout();
        Assert.Single(_sdk.Publishers);
    }

    [Fact]
    public async Task InitializeAsync_Twice_ThrowsInvalidOperation()
    {
        var publisher = _sdk.CreateFactory().CreatePublisher(new PublisherSettings());
        await publisher.InitializeAsync().OrTimeout();

        Assert.Throws<InvalidOperationException>(() => { _ = publisher.InitializeAsync(); });
    }

    [Fact]
    public async Task PublishAsync_StreamCreated_CompletesWithStreamId()
    {
        var (publisher, sdkPublisher) = await ConnectAndInitializeAsync();

        var publish = _sdk.Session.PublishAsync(publisher);
        Assert.False(publish.IsCompleted);
        sdkPublisher.RaiseStreamCreated("stream-42");

        await publish.OrTimeout();
        Assert.Equal("stream-42", publisher.StreamId);
        Assert.Equal(1, _sdk.Sdk.PublishCount);
    }

    [Fact]
    public async Task PublishAsync_PublisherError_ThrowsMappedExceptionInPublishPhase()
    {
        var (publisher, sdkPublisher) = await ConnectAndInitializeAsync();

        var publish = _sdk.Session.PublishAsync(publisher);
        sdkPublisher.RaiseError(1610, "WebRTC error");

        var exception = await Assert.ThrowsAsync<PeerConnectionFailedException>(() => publish.OrTimeout());
        Assert.Equal(1610, exception.SdkErrorCode);
        Assert.Equal(PublishPhase.Publish, exception.Phase);
        Assert.Contains("WebRTC error", exception.Message, StringComparison.Ordinal);
        sdkPublisher.RaiseStreamCreated("late");
        Assert.Null(publisher.StreamId);
    }

    [Fact]
    public async Task PublishAsync_SessionErrorWhilePublishing_ThrowsMappedException()
    {
        var (publisher, _) = await ConnectAndInitializeAsync();

        var publish = _sdk.Session.PublishAsync(publisher);
        _sdk.Sdk.RaiseError(1010, "Not connected");

        var exception = await Assert.ThrowsAsync<NotConnectedException>(() => publish.OrTimeout());
        Assert.Equal(PublishPhase.Publish, exception.Phase);
    }

    [Fact]
    public async Task PublishAsync_SdkPublishThrows_ThrowsMappedException()
    {
        var (publisher, _) = await ConnectAndInitializeAsync();
        _sdk.Sdk.OnPublish = _ => throw new OpenTokException("Unable to publish") { ErrorCode = (ErrorCode)1500 };

        var exception = await Assert.ThrowsAsync<PublishException>(() => _sdk.Session.PublishAsync(publisher).OrTimeout());

        Assert.Equal(PublishErrorKind.Unknown, exception.Kind);
        Assert.True(exception.IsTransient);
        Assert.Equal(PublishPhase.Publish, exception.Phase);
    }

    [Fact]
    public async Task PublishAsync_NotConnected_ThrowsNotConnectedWithoutCallingSdk()
    {
        var publisher = _sdk.CreateFactory().CreatePublisher(new PublisherSettings());
        await publisher.InitializeAsync().OrTimeout();

        var exception = await Assert.ThrowsAsync<NotConnectedException>(() => _sdk.Session.PublishAsync(publisher).OrTimeout());

        Assert.Equal(PublishPhase.Publish, exception.Phase);
        Assert.Equal(0, _sdk.Sdk.PublishCount);
    }

    [Fact]
    public async Task PublishAsync_PublisherErrorBeforePublish_FailsPublishWithInitializePhase()
    {
        var (publisher, sdkPublisher) = await ConnectAndInitializeAsync();
        sdkPublisher.RaiseError(1500, "Publisher Access Denied:");

        var exception = await Assert.ThrowsAsync<AccessDeniedException>(() => _sdk.Session.PublishAsync(publisher).OrTimeout());

        Assert.Equal(PublishPhase.Initialize, exception.Phase);
        Assert.Equal(0, _sdk.Sdk.PublishCount);
    }

    [Fact]
    public async Task PublishAsync_Canceled_ThrowsCanceledAndUnpublishes()
    {
        var (publisher, _) = await ConnectAndInitializeAsync();
        using var cts = new CancellationTokenSource();

        var publish = _sdk.Session.PublishAsync(publisher, cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());
        Assert.Equal(1, _sdk.Sdk.UnpublishCount);
    }

    [Fact]
    public async Task PublishAsync_ForeignPublisher_ThrowsArgumentException()
    {
        _sdk.AnswerEverything();
        await _sdk.Session.ConnectAsync(SdkHarness.Token).OrTimeout();

        Assert.Throws<ArgumentException>(() => { _ = _sdk.Session.PublishAsync(new Moq.Mock<IPublisher>().Object); });
    }

    [Fact]
    public async Task StreamDestroyed_AfterUnpublish_ReportsClientDisconnected()
    {
        var (publisher, sdkPublisher) = await PublishedAsync();
        var reasons = new List<StreamDestroyedReason>();
        publisher.StreamDestroyed += (_, e) => reasons.Add(e.Reason);

        var unpublish = _sdk.Session.UnpublishAsync(publisher);
        Assert.False(unpublish.IsCompleted);
        sdkPublisher.RaiseStreamDestroyed();

        await unpublish.OrTimeout();
        Assert.Equal([StreamDestroyedReason.ClientDisconnected], reasons);
    }

    [Fact]
    public async Task StreamDestroyed_Unexpected_ReportsNetworkDisconnectedByDefault()
    {
        var (publisher, sdkPublisher) = await PublishedAsync();
        var reasons = new List<StreamDestroyedReason>();
        publisher.StreamDestroyed += (_, e) => reasons.Add(e.Reason);

        sdkPublisher.RaiseStreamDestroyed();
        sdkPublisher.RaiseStreamDestroyed();

        Assert.Equal([StreamDestroyedReason.NetworkDisconnected], reasons);
    }

    [Fact]
    public async Task StreamDestroyed_UnexpectedWithOption_ReportsConfiguredReason()
    {
        _sdk.Options.UnexpectedStreamDestroyedReason = StreamDestroyedReason.Unknown;
        var (publisher, sdkPublisher) = await PublishedAsync();
        StreamDestroyedReason? reason = null;
        publisher.StreamDestroyed += (_, e) => reason = e.Reason;

        sdkPublisher.RaiseStreamDestroyed();

        Assert.Equal(StreamDestroyedReason.Unknown, reason);
    }

    [Fact]
    public async Task SessionDisconnected_WhilePublished_RaisesStreamDestroyedWithSessionsReason()
    {
        var (publisher, sdkPublisher) = await PublishedAsync();
        var reasons = new List<StreamDestroyedReason>();
        publisher.StreamDestroyed += (_, e) => reasons.Add(e.Reason);

        _sdk.Sdk.RaiseReconnectionStart();
        _sdk.Sdk.RaiseDisconnected();
        sdkPublisher.RaiseStreamDestroyed();

        Assert.Equal([StreamDestroyedReason.NetworkDisconnected], reasons);
    }

    [Fact]
    public async Task DisposeAsync_Published_UnpublishesThenDisposesSdkPublisherOnceAndDetaches()
    {
        var (publisher, sdkPublisher) = await PublishedAsync();
        var raised = 0;
        publisher.StreamDestroyed += (_, _) => raised++;

        await publisher.DisposeAsync();
        await publisher.DisposeAsync();

        Assert.Equal(["Session.Unpublish", "Publisher.Dispose"], System.Linq.Enumerable.TakeLast(_sdk.Calls, 2));
        Assert.Equal(1, sdkPublisher.DisposeCount);
        Assert.False(sdkPublisher.HasHandlers);
        Assert.Equal(0, raised);
    }

    [Fact]
    public async Task DisposeAsync_PublishInFlight_FailsItWithObjectDisposed()
    {
        var (publisher, sdkPublisher) = await ConnectAndInitializeAsync();
        var publish = _sdk.Session.PublishAsync(publisher);

        await publisher.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => publish.OrTimeout());
        Assert.Equal(1, sdkPublisher.DisposeCount);
    }

    [Fact]
    public async Task DisposeAsync_NeverInitialized_DoesNothing()
    {
        var publisher = _sdk.CreateFactory().CreatePublisher(new PublisherSettings());

        await publisher.DisposeAsync();

        Assert.Empty(_sdk.Calls);
        Assert.Throws<ObjectDisposedException>(() => { _ = publisher.InitializeAsync(); });
    }

    /// <summary>A publisher whose stream the SDK created.</summary>
    private async Task<(IPublisher Publisher, PublisherScript Sdk)> PublishedAsync()
    {
        var (publisher, sdkPublisher) = await ConnectAndInitializeAsync();
        var publish = _sdk.Session.PublishAsync(publisher);
        sdkPublisher.RaiseStreamCreated("s");
        await publish.OrTimeout();
        return (publisher, sdkPublisher);
    }

    private async Task<(IPublisher Publisher, PublisherScript Sdk)> ConnectAndInitializeAsync() =>
        (await _sdk.ConnectAndInitializeAsync(), _sdk.LastPublisher);
}
