using System;
using System.Threading.Tasks;
using OpenTok;
using OpenTok.Contract;
using Vonage.PublishKit.OpenTok.Tests.TestSupport;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.OpenTok.Tests;

/// <summary>Issue 15, item 4: the devices a publisher is built with, and what the adapter releases.</summary>
public sealed class OpenTokPublisherDeviceTests : IDisposable
{
    private readonly SdkHarness _sdk = new();

    public void Dispose() => _sdk.Dispose();

    [Theory]
    [InlineData(0, 1, "camera")]
    [InlineData(-1, 1, "camera")]
    [InlineData(1, 0, "microphone")]
    [InlineData(1, -1, "microphone")]
    public async Task InitializeAsync_NoDevice_ThrowsDeviceUnavailableWithoutBuilding(int cameras, int microphones, string missing)
    {
        using var devices = ContractDevices.Use(cameras, microphones);
        var publisher = _sdk.CreateFactory().CreatePublisher(new PublisherSettings());

        var exception = await Assert.ThrowsAsync<DeviceUnavailableException>(() => publisher.InitializeAsync().OrTimeout());

        Assert.Equal(SdkErrorNames.NoDevicesFound, exception.SdkErrorName);
        Assert.Equal(PublishPhase.Initialize, exception.Phase);
        Assert.Contains(missing, exception.Message, StringComparison.Ordinal);
        Assert.Empty(_sdk.Publishers);
    }

    [Fact]
    public async Task InitializeAsync_AudioOnlyWithoutCamera_Succeeds()
    {
        using var devices = ContractDevices.Use(cameras: 0, microphones: 1);
        var publisher = _sdk.CreateFactory().CreatePublisher(new PublisherSettings { PublishVideo = false });

        await publisher.InitializeAsync().OrTimeout();

        Assert.Single(_sdk.Publishers);
    }

    [Fact]
    public async Task InitializeAsync_PreflightAndSelectionDisabled_BuildsWithoutDevices()
    {
        using var devices = ContractDevices.Throw(new InvalidOperationException("must not be called"));
        _sdk.Options.CheckDevicesBeforeInitialize = false;
        _sdk.Options.SelectInputAudioDevice = false;
        var publisher = _sdk.CreateFactory().CreatePublisher(new PublisherSettings());

        await publisher.InitializeAsync().OrTimeout();

        Assert.Single(_sdk.Publishers);
    }

    [Fact]
    public async Task InitializeAsync_EnumerationThrowsOpenTokException_ThrowsMappedException()
    {
        using var devices = ContractDevices.Throw(new OpenTokException("internal") { ErrorCode = (ErrorCode)2000 });
        var publisher = _sdk.CreateFactory().CreatePublisher(new PublisherSettings());

        var exception = await Assert.ThrowsAsync<PublishException>(() => publisher.InitializeAsync().OrTimeout());

        Assert.Equal(2000, exception.SdkErrorCode);
        Assert.Equal(PublishPhase.Initialize, exception.Phase);
    }

    [Fact]
    public async Task InitializeAsync_Preflight_DisposesEveryEnumeratedCamera()
    {
        using var devices = ContractDevices.Use(cameras: 3, microphones: 1);

        await Create(new PublisherSettings()).InitializeAsync().OrTimeout();

        Assert.Equal(3, devices.EnumeratedCameraCount);
        Assert.Equal(0, devices.UndisposedCameraCount);
        Assert.Null(_sdk.LastPublisher.CapturerDevice);
    }

    [Fact]
    public async Task InitializeAsync_PreflightFindsNoCameraInAList_DisposesTheList()
    {
        using var devices = ContractDevices.Use(["front"], ["microphone"]);
        var publisher = Create(new PublisherSettings { Camera = "rear" });

        var exception = await Assert.ThrowsAsync<DeviceUnavailableException>(() => publisher.InitializeAsync().OrTimeout());

        Assert.Contains("PublisherSettings.Camera", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, devices.UndisposedCameraCount);
        Assert.Empty(_sdk.Publishers);
    }

    [Theory]
    [InlineData("Rear")]
    [InlineData("rear")]
    [InlineData("Rear-id")]
    public async Task InitializeAsync_CameraNamed_BuildsWithItsCapturerAndKeepsOnlyThatDevice(string wanted)
    {
        using var devices = ContractDevices.Use(["Front", "Rear", "Side"], ["microphone"]);
        var publisher = Create(new PublisherSettings { Camera = wanted });

        await publisher.InitializeAsync().OrTimeout();

        Assert.Equal("Rear", _sdk.LastPublisher.CapturerDevice);
        Assert.Equal(["Rear"], devices.CapturerDevices);
        Assert.Equal(1, devices.UndisposedCameraCount);
    }

    [Fact]
    public async Task DisposeAsync_CameraNamed_DisposesPublisherThenCapturerAndDevice()
    {
        using var devices = ContractDevices.Use(["Front", "Rear"], ["microphone"]);
        var publisher = Create(new PublisherSettings { Camera = "Rear" });
        await publisher.InitializeAsync().OrTimeout();

        await publisher.DisposeAsync();

        Assert.Equal(1, _sdk.LastPublisher.DisposeCount);
        Assert.Equal(0, devices.UndisposedCapturerCount);
        Assert.Equal(0, devices.UndisposedCameraCount);
    }

    [Fact]
    public async Task InitializeAsync_BuildFailsAfterCameraChosen_ReleasesCapturerAndDevice()
    {
        using var devices = ContractDevices.Use(["Front", "Rear"], ["microphone"]);
        _sdk.Context.Probe().OnBuildPublisher = () => throw new OpenTokException("busy") { ErrorCode = (ErrorCode)1650 };
        var publisher = Create(new PublisherSettings { Camera = "Rear" });

        await Assert.ThrowsAsync<DeviceUnavailableException>(() => publisher.InitializeAsync().OrTimeout());

        Assert.Equal(0, devices.UndisposedCapturerCount);
        Assert.Equal(0, devices.UndisposedCameraCount);
    }

    [Fact]
    public async Task InitializeAsync_AudioOnly_BuildsWithoutVideoTrackAndNeverListsCameras()
    {
        using var devices = ContractDevices.Use(cameras: 1, microphones: 1);

        await Create(new PublisherSettings { PublishVideo = false }).InitializeAsync().OrTimeout();

        Assert.False(_sdk.LastPublisher.HasVideoTrack);
        Assert.True(_sdk.LastPublisher.HasAudioTrack);
        Assert.Equal(0, devices.EnumeratedCameraCount);
    }

    [Fact]
    public async Task InitializeAsync_VideoOnly_BuildsWithoutAudioTrackAndSelectsNoMicrophone()
    {
        using var devices = ContractDevices.Use(cameras: 1, microphones: 1);

        await Create(new PublisherSettings { PublishAudio = false }).InitializeAsync().OrTimeout();

        Assert.False(_sdk.LastPublisher.HasAudioTrack);
        Assert.True(_sdk.LastPublisher.HasVideoTrack);
        Assert.Null(devices.SelectedMicrophone);
    }

    [Fact]
    public async Task InitializeAsync_NoMicrophoneNamed_SelectsTheSystemDefault()
    {
        using var devices = ContractDevices.Use(cameras: 1, microphones: 3);
        devices.DefaultMicrophoneIndex = 2;

        await Create(new PublisherSettings()).InitializeAsync().OrTimeout();

        Assert.Equal("microphone 2", devices.SelectedMicrophone);
    }

    [Fact]
    public async Task InitializeAsync_NoSystemDefault_SelectsTheFirstMicrophoneAsTheSamplesDo()
    {
        using var devices = ContractDevices.Use(cameras: 1, microphones: 2);
        devices.DefaultMicrophoneIndex = -1;

        await Create(new PublisherSettings()).InitializeAsync().OrTimeout();

        Assert.Equal("microphone 0", devices.SelectedMicrophone);
    }

    [Theory]
    [InlineData("Headset")]
    [InlineData("Headset-id")]
    public async Task InitializeAsync_MicrophoneNamed_SelectsIt(string wanted)
    {
        using var devices = ContractDevices.Use(["camera"], ["Desk", "Headset"]);

        await Create(new PublisherSettings { Microphone = wanted }).InitializeAsync().OrTimeout();

        Assert.Equal("Headset", devices.SelectedMicrophone);
    }

    [Fact]
    public async Task InitializeAsync_MicrophoneNamedButMissing_ThrowsDeviceUnavailableWithoutBuilding()
    {
        using var devices = ContractDevices.Use(["camera"], ["Desk"]);
        var publisher = Create(new PublisherSettings { Microphone = "Headset" });

        var exception = await Assert.ThrowsAsync<DeviceUnavailableException>(() => publisher.InitializeAsync().OrTimeout());

        Assert.Contains("PublisherSettings.Microphone", exception.Message, StringComparison.Ordinal);
        Assert.Null(devices.SelectedMicrophone);
        Assert.Empty(_sdk.Publishers);
    }

    [Fact]
    public async Task InitializeAsync_SelectionDisabled_LeavesTheAppsMicrophone()
    {
        using var devices = ContractDevices.Use(cameras: 1, microphones: 2);
        _sdk.Options.SelectInputAudioDevice = false;

        await Create(new PublisherSettings()).InitializeAsync().OrTimeout();

        Assert.Null(devices.SelectedMicrophone);
    }

    [Fact]
    public async Task InitializeAsync_SelectingMicrophoneThrows_ThrowsMappedExceptionAndCanRetry()
    {
        using var devices = ContractDevices.Use(cameras: 1, microphones: 1);
        devices.SelectMicrophoneFailure = new OpenTokException("no such device") { ErrorCode = (ErrorCode)2000 };
        var publisher = Create(new PublisherSettings());

        var exception = await Assert.ThrowsAsync<PublishException>(() => publisher.InitializeAsync().OrTimeout());
        Assert.Equal(2000, exception.SdkErrorCode);
        devices.SelectMicrophoneFailure = null;

        await publisher.InitializeAsync().OrTimeout();
        Assert.Single(_sdk.Publishers);
    }

    [Fact]
    public async Task InitializeAsync_ConfigurePublisherThrows_FaultsTheTaskAndCanRetry()
    {
        var fail = true;
        _sdk.Options.ConfigurePublisher = _ =>
        {
            if (fail)
            {
                throw new InvalidOperationException("the app's hook failed");
            }
        };
        var publisher = Create(new PublisherSettings());

        var initialize = publisher.InitializeAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => initialize.OrTimeout());
        fail = false;

        await publisher.InitializeAsync().OrTimeout();
        Assert.Single(_sdk.Publishers);
    }

    [Fact]
    public async Task Streams_TheSdkHandsOver_AreNeverDisposedByTheAdapter()
    {
        _sdk.AnswerEverything();
        await _sdk.Session.ConnectAsync(SdkHarness.Token).OrTimeout();
        var publisher = Create(new PublisherSettings());
        await publisher.InitializeAsync().OrTimeout();
        await _sdk.Session.PublishAsync(publisher).OrTimeout();

        await _sdk.Session.UnpublishAsync(publisher).OrTimeout();
        await publisher.DisposeAsync();

        Assert.Equal("stream-1", _sdk.Publishers[0].Stream?.Id);
        Assert.Equal(0, _sdk.LastPublisher.StreamDisposeCount);
    }

    private IPublisher Create(PublisherSettings settings) => _sdk.CreateFactory().CreatePublisher(settings);
}
