using System;
using System.Threading;
using System.Threading.Tasks;
using Moq;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests;

/// <summary>
/// Every case of the Vonage troubleshooting guide ("Handling Errors", "Access Denied", "Device Access",
/// "Network Errors", "Losing Connectivity"), end to end through the orchestrator with Moq seams.
/// </summary>
public class SeedScenarioTests
{
    private readonly SeamHarness _seams = new();

    [Fact]
    public async Task HappyPath_InitializeAndConnectThenPublish_StreamIsPublished()
    {
        await using var sut = _seams.CreateSut();

        var stream = await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Equal("stream-1", stream.StreamId);
        Assert.Equal(PublishState.Published, sut.State);
    }

    [Fact]
    public async Task AccessDenied_UserDeniesCamera_ThrowsAccessDeniedWithCode1500AndReleasesPublisher()
    {
        _seams.ConfigurePublisher = p => p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>())).ThrowsAsync(PublishErrors.AccessDenied());
        await using var sut = _seams.CreateSut();

        var exception = await Assert.ThrowsAsync<AccessDeniedException>(() => sut.PublishAsync(SeamHarness.Token));

        Assert.Equal(1500, exception.SdkErrorCode);
        Assert.Equal("OT_USER_MEDIA_ACCESS_DENIED", exception.SdkErrorName);
        Assert.Equal("Please allow access to the Camera and Microphone and try publishing again.", exception.UserMessage);
        Assert.False(exception.IsTransient);
        Assert.Equal(PublishPhase.Initialize, exception.Phase);
        _seams.VerifyEveryPublisherDisposedOnce();
        _seams.Session.Verify(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Fact]
    public async Task DeviceAccess_NoCameraOrMicrophone_ThrowsDeviceUnavailableAndReleasesPublisher()
    {
        _seams.ConfigurePublisher = p => p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>())).ThrowsAsync(PublishErrors.NoDevicesFound());
        await using var sut = _seams.CreateSut();

        var exception = await Assert.ThrowsAsync<DeviceUnavailableException>(() => sut.PublishAsync(SeamHarness.Token));

        Assert.Equal("OT_NO_DEVICES_FOUND", exception.SdkErrorName);
        Assert.Equal(
            "Failed to get access to your camera or microphone. Please check that your webcam is connected and not being used by another application and try again.",
            exception.UserMessage);
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task DeviceAccess_CameraHeldByAnotherApplication_ThrowsDeviceUnavailableAndReleasesPublisher()
    {
        _seams.ConfigurePublisher = p => p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>())).ThrowsAsync(PublishErrors.HardwareUnavailable());
        await using var sut = _seams.CreateSut();

        var exception = await Assert.ThrowsAsync<DeviceUnavailableException>(() => sut.PublishAsync(SeamHarness.Token));

        Assert.Equal("OT_HARDWARE_UNAVAILABLE", exception.SdkErrorName);
        Assert.False(exception.IsTransient);
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task NetworkErrors_Offline_ThrowsTransientNotConnectedAndReleasesPublisher()
    {
        _seams.Session.Setup(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(PublishErrors.NotConnected());
        await using var sut = _seams.CreateSut();

        var exception = await Assert.ThrowsAsync<NotConnectedException>(() => sut.PublishAsync(SeamHarness.Token));

        Assert.Equal("OT_NOT_CONNECTED", exception.SdkErrorName);
        Assert.Equal("Publishing your video failed. You are not connected to the internet.", exception.UserMessage);
        Assert.True(exception.IsTransient);
        _seams.VerifyEveryPublisherDisposedOnce();
        _seams.Session.Verify(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task NetworkErrors_PublishReportsNotConnected_ThrowsNotConnectedInPublishPhase()
    {
        _seams.Session.Setup(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).ThrowsAsync(PublishErrors.NotConnected(PublishPhase.Publish));
        await using var sut = _seams.CreateSut();

        var exception = await Assert.ThrowsAsync<NotConnectedException>(() => sut.PublishAsync(SeamHarness.Token));

        Assert.Equal(PublishPhase.Publish, exception.Phase);
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task NetworkErrors_RestrictiveFirewallReported_ThrowsPeerConnectionFailed()
    {
        _seams.Session.Setup(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).ThrowsAsync(PublishErrors.PeerConnectionFailed());
        await using var sut = _seams.CreateSut();

        var exception = await Assert.ThrowsAsync<PeerConnectionFailedException>(() => sut.PublishAsync(SeamHarness.Token));

        Assert.Equal("OT_CREATE_PEER_CONNECTION_FAILED", exception.SdkErrorName);
        Assert.Equal("Publishing your video failed. This could be due to a restrictive firewall.", exception.UserMessage);
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task NetworkErrors_RestrictiveFirewallSpinsForever_WatchdogThrowsTransientPeerConnectionFailed()
    {
        CancellationToken publishToken = default;
        _seams.Session.Setup(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>()))
            .Callback((IPublisher _, CancellationToken ct) => publishToken = ct)
            .Returns(new TaskCompletionSource().Task);
        await using var sut = _seams.CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);
        _seams.Time.Advance(PublishOrchestratorOptions.DefaultPublishTimeout - TimeSpan.FromMilliseconds(1));
        Assert.False(publish.IsCompleted);
        _seams.Time.Advance(TimeSpan.FromMilliseconds(1));

        var exception = await Assert.ThrowsAsync<PeerConnectionFailedException>(() => publish.OrTimeout());
        Assert.True(exception.IsTransient);
        Assert.IsType<TimeoutException>(exception.InnerException);
        Assert.True(publishToken.IsCancellationRequested, "the hanging publish is told to stop");
        _seams.VerifyEveryPublisherDisposedOnce();
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Fact]
    public async Task NetworkErrors_UnknownError_ThrowsBasePublishExceptionWithGenericMessage()
    {
        _seams.Session.Setup(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).ThrowsAsync(PublishErrors.Unknown());
        await using var sut = _seams.CreateSut();

        var exception = await Assert.ThrowsAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token));

        Assert.Equal(typeof(PublishException), exception.GetType());
        Assert.Equal("An unknown error occurred while trying to publish your video. Please try again later.", exception.UserMessage);
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task LosingConnectivity_StreamDestroyedByNetwork_RaisesNetworkDisconnectedOnceAndReleasesPublisher()
    {
        await using var sut = _seams.CreateSut();
        var raised = 0;
        NetworkDisconnectedEventArgs? args = null;
        sut.NetworkDisconnected += (_, e) => { raised++; args = e; };
        var stream = await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        _seams.Publisher.Raise(p => p.StreamDestroyed += null, new StreamDestroyedEventArgs(StreamDestroyedReason.NetworkDisconnected));
        _seams.Publisher.Raise(p => p.StreamDestroyed += null, new StreamDestroyedEventArgs(StreamDestroyedReason.NetworkDisconnected));

        Assert.Equal(1, raised);
        Assert.Same(stream.Publisher, args!.Publisher);
        Assert.Equal("stream-1", args.StreamId);
        Assert.Equal("Your publisher lost its connection. Please check your internet connection and try publishing again.", args.UserMessage);
        Assert.Equal(PublishState.Idle, sut.State);
        await sut.DisposeAsync();
        _seams.VerifyEveryPublisherDisposedOnce();
    }
}
