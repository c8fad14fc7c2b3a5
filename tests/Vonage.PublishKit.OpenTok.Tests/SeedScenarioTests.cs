using System.Collections.Generic;
using System.Threading.Tasks;
using System.Threading;
using System;
using Microsoft.Extensions.Time.Testing;
using OpenTok.Contract;
using OpenTok;
using Vonage.PublishKit.OpenTok.Tests.TestSupport;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.OpenTok.Tests;

/// <summary>Every case of the troubleshooting guide, end to end: the real <see cref="PublishOrchestrator"/> on the adapter over the SDK stand-in.</summary>
public sealed class SeedScenarioTests : IDisposable
{
    private readonly SdkHarness _sdk = new();
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => _sdk.Dispose();

    [Fact]
    public async Task HappyPath_ConnectsInitializesAndPublishes()
    {
        _sdk.AnswerEverything();
        await using var sut = CreateSut();

        var stream = await sut.PublishAsync(SdkHarness.Token).OrTimeout();

        Assert.Equal("stream-1", stream.StreamId);
        Assert.Equal(PublishState.Published, sut.State);
        await sut.UnpublishAsync().OrTimeout();
        Assert.Equal(["Session.Connect", "Publisher.Build", "Session.Publish", "Session.Unpublish", "Publisher.Dispose"], Sorted(_sdk.Calls));
        Assert.Equal(1, _sdk.LastPublisher.DisposeCount);
    }

    [Fact]
    public async Task AccessDenied_BuildReports1500_ThrowsAccessDeniedAndNeverPublishes()
    {
        _sdk.AnswerEverything();
        _sdk.Context.Probe().OnBuildPublisher = () => throw new OpenTokException("Publisher Access Denied:") { ErrorCode = (ErrorCode)1500 };
        await using var sut = CreateSut();

        var exception = await Assert.ThrowsAsync<AccessDeniedException>(() => sut.PublishAsync(SdkHarness.Token).OrTimeout());

        Assert.Equal(1500, exception.SdkErrorCode);
        Assert.Equal("Please allow access to the Camera and Microphone and try publishing again.", exception.UserMessage);
        Assert.Equal(0, _sdk.Sdk.PublishCount);
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Fact]
    public async Task NoDevices_NoCamera_ThrowsDeviceUnavailableBeforeBuildingAPublisher()
    {
        using var devices = ContractDevices.Use(cameras: 0, microphones: 1);
        _sdk.AnswerEverything();
        await using var sut = CreateSut();

        var exception = await Assert.ThrowsAsync<DeviceUnavailableException>(() => sut.PublishAsync(SdkHarness.Token).OrTimeout());

        Assert.Equal(SdkErrorNames.NoDevicesFound, exception.SdkErrorName);
        Assert.False(exception.IsTransient);
        Assert.Empty(_sdk.Publishers);
        Assert.Equal(0, _sdk.Sdk.PublishCount);
    }

    [Fact]
    public async Task CameraInUse_PublisherErrorMappedByApp_ThrowsDeviceUnavailableAndReleasesPublisher()
    {
        // The Windows SDK's code for "camera held by another application" is not known: apps map it with ErrorMapper.
        const int CameraInUse = 1650;
        _sdk.Options.ErrorMapper = e => e.Code == CameraInUse ? PublishErrors.HardwareUnavailable() : null;
        _sdk.AnswerEverything();
        _sdk.Sdk.OnPublish = p => p.Script().RaiseError(CameraInUse, "camera in use");
        await using var sut = CreateSut();

        var exception = await Assert.ThrowsAsync<DeviceUnavailableException>(() => sut.PublishAsync(SdkHarness.Token).OrTimeout());

        Assert.Equal(SdkErrorNames.HardwareUnavailable, exception.SdkErrorName);
        Assert.False(exception.IsTransient);
        Assert.Equal(1, _sdk.LastPublisher.DisposeCount);
    }

    [Fact]
    public async Task Offline_ConnectFails1006_ThrowsTransientNotConnectedAndReleasesPublisher()
    {
        _sdk.AnswerEverything();
        _sdk.Sdk.OnConnect = _ => _sdk.Sdk.RaiseError(1006, "Connection failed");
        await using var sut = CreateSut();

        var exception = await Assert.ThrowsAsync<NotConnectedException>(() => sut.PublishAsync(SdkHarness.Token).OrTimeout());

        Assert.Equal("Publishing your video failed. You are not connected to the internet.", exception.UserMessage);
        Assert.True(exception.IsTransient);
        Assert.Equal(0, _sdk.Sdk.PublishCount);
        Assert.Equal(1, _sdk.LastPublisher.DisposeCount);
    }

    [Fact]
    public async Task Firewall_PublishNeverCompletes_WatchdogThrowsPeerConnectionFailedAndUnpublishes()
    {
        _sdk.AnswerEverything();
        _sdk.Sdk.OnPublish = _ => { };
        await using var sut = CreateSut();

        var publish = sut.PublishAsync(SdkHarness.Token);
        await WaitUntilAsync(() => _sdk.Sdk.PublishCount == 1);
        _time.Advance(PublishOrchestratorOptions.DefaultPublishTimeout - TimeSpan.FromMilliseconds(1));
        Assert.False(publish.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        var exception = await Assert.ThrowsAsync<PeerConnectionFailedException>(() => publish.OrTimeout());
        Assert.IsType<TimeoutException>(exception.InnerException);
        Assert.Equal("Publishing your video failed. This could be due to a restrictive firewall.", exception.UserMessage);
        Assert.True(_sdk.Sdk.UnpublishCount >= 1, "the hanging publish is stopped in the SDK");
        Assert.Equal(1, _sdk.LastPublisher.DisposeCount);
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Fact]
    public async Task StreamLost_StreamDestroyedUnexpectedly_RaisesNetworkDisconnectedOnceAndReleasesPublisher()
    {
        _sdk.AnswerEverything();
        await using var sut = CreateSut();
        var lost = 0;
        string? message = null;
        sut.NetworkDisconnected += (_, e) =>
        {
            lost++;
            message = e.UserMessage;
        };
        await sut.PublishAsync(SdkHarness.Token).OrTimeout();

        _sdk.LastPublisher.RaiseStreamDestroyed();
        _sdk.Sdk.RaiseDisconnected();

        await WaitUntilAsync(() => _sdk.LastPublisher.DisposeCount == 1);
        Assert.Equal(1, lost);
        Assert.Equal("Your publisher lost its connection. Please check your internet connection and try publishing again.", message);
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Fact]
    public async Task StreamLost_ReconnectionFails_RaisesNetworkDisconnectedOnce()
    {
        _sdk.AnswerEverything();
        await using var sut = CreateSut();
        var lost = 0;
        sut.NetworkDisconnected += (_, _) => lost++;
        await sut.PublishAsync(SdkHarness.Token).OrTimeout();

        _sdk.Sdk.RaiseReconnectionStart();
        Assert.Equal(PublishState.Reconnecting, sut.State);
        _sdk.Sdk.RaiseDisconnected();

        await WaitUntilAsync(() => _sdk.LastPublisher.DisposeCount == 1);
        Assert.Equal(1, lost);
    }

    [Fact]
    public async Task Reconnection_Recovers_KeepsStreamPublished()
    {
        _sdk.AnswerEverything();
        await using var sut = CreateSut();
        var lost = 0;
        sut.NetworkDisconnected += (_, _) => lost++;
        await sut.PublishAsync(SdkHarness.Token).OrTimeout();

        _sdk.Sdk.RaiseReconnectionStart();
        _sdk.Sdk.RaiseReconnectionSuccess();

        Assert.Equal(PublishState.Published, sut.State);
        Assert.Equal(0, lost);
        Assert.Equal(0, _sdk.LastPublisher.DisposeCount);
    }

    private static string[] Sorted(System.Collections.Generic.IReadOnlyList<string> calls)
    {
        // Initialize and connect run concurrently: their relative order is not part of the contract.
        var copy = System.Linq.Enumerable.ToArray(calls);
        if (copy.Length >= 2 && copy[0] == "Publisher.Build")
        {
            (copy[0], copy[1]) = (copy[1], copy[0]);
        }

        return copy;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task NetworkLoss_SdkAnswersSynchronouslyWithRepublish_OneDisconnectGivesOneLossAndOneRepublish(bool reconnectingFirst)
    {
        // Issue 13, item 9: the adapter told its publishers before it raised Disconnected, so the orchestrator applied
        // that one SDK Disconnected again to the attempt that had already republished.
        _sdk.AnswerEverything();
        await using var sut = new PublishOrchestrator(
            _sdk.Session,
            _sdk.CreateFactory(),
            new PublishOrchestratorOptions { TimeProvider = _time, Retry = null, RepublishAfterNetworkLoss = true });
        var lost = new List<string?>();
        var republished = new List<string?>();
        sut.NetworkDisconnected += (_, e) => lost.Add(e.StreamId);
        sut.Republished += (_, e) => republished.Add(e.Stream.StreamId);
        await sut.PublishAsync(SdkHarness.Token).OrTimeout();
        _sdk.Sdk.OnDisconnect = null;

        if (reconnectingFirst)
        {
            _sdk.Sdk.RaiseReconnectionStart();
        }

        _sdk.Sdk.RaiseDisconnected();
        await WaitUntilAsync(() => republished.Count > 0 && sut.State == PublishState.Published);
        await sut.UnpublishAsync().OrTimeout();

        Assert.Equal(["stream-1"], lost);
        Assert.Equal(["stream-2"], republished);
        Assert.Equal(2, _sdk.Sdk.PublishCount);
    }

    [Fact]
    public async Task PublishAsync_DevicesNamedInOrchestratorOptions_ReachTheSdk()
    {
        _sdk.AnswerEverything();
        using var devices = ContractDevices.Use(["Front", "Rear"], ["Desk", "Headset"]);
        var options = new PublishOrchestratorOptions { TimeProvider = _time, Retry = null };
        options.Publisher.Camera = "Rear";
        options.Publisher.Microphone = "Headset";
        await using var sut = new PublishOrchestrator(_sdk.Session, _sdk.CreateFactory(), options);

        await sut.PublishAsync(SdkHarness.Token).OrTimeout();

        Assert.Equal("Rear", _sdk.LastPublisher.CapturerDevice);
        Assert.Equal("Headset", devices.SelectedMicrophone);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(Bounded.Limit);
        while (!condition())
        {
            cts.Token.ThrowIfCancellationRequested();
            await Task.Yield();
        }
    }

    private PublishOrchestrator CreateSut() => new(
        _sdk.Session,
        _sdk.CreateFactory(),
        new PublishOrchestratorOptions { TimeProvider = _time, Retry = null });
}
