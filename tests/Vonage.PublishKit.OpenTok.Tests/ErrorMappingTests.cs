using System.Threading.Tasks;
using System;
using OpenTok.Contract;
using Vonage.PublishKit.OpenTok.Tests.TestSupport;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.OpenTok.Tests;

/// <summary>The app's <see cref="OpenTokOptions.ErrorMapper"/>, and errors that race a publish (ErrorCodeTableTests has every code).</summary>
public sealed class ErrorMappingTests : IDisposable
{
    private readonly SdkHarness _sdk = new();

    public void Dispose() => _sdk.Dispose();

    [Fact]
    public async Task ErrorMapper_ReturnsException_IsUsedWithSdkDetails()
    {
        OpenTokError? seen = null;
        _sdk.Options.ErrorMapper = e =>
        {
            seen = e;
            return e.Code == 1650 ? PublishErrors.HardwareUnavailable() : null;
        };
        var publisher = await _sdk.ConnectAndInitializeAsync();
        var publish = _sdk.Session.PublishAsync(publisher);
        _sdk.LastPublisher.RaiseError(1650, "camera busy");

        await Assert.ThrowsAsync<DeviceUnavailableException>(() => publish.OrTimeout());
        Assert.NotNull(seen);
        Assert.Equal(OpenTokErrorSource.Publisher, seen.Source);
        Assert.Equal("camera busy", seen.Description);
        Assert.Equal(PublishPhase.Publish, seen.Phase);
    }

    [Fact]
    public async Task ErrorMapper_ReturnsNull_FallsBackToCoreMapping()
    {
        var calls = 0;
        _sdk.Options.ErrorMapper = _ =>
        {
            calls++;
            return null;
        };
        var connect = _sdk.Session.ConnectAsync(SdkHarness.Token);
        _sdk.Sdk.RaiseError(1023);

        await Assert.ThrowsAsync<PeerConnectionFailedException>(() => connect.OrTimeout());
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task ErrorMapper_ChangedAfterConstruction_HasNoEffect()
    {
        var session = _sdk.Session;
        _sdk.Options.ErrorMapper = _ => throw new InvalidOperationException("must not be called");

        var connect = session.ConnectAsync(SdkHarness.Token);
        _sdk.Sdk.RaiseError(1006);

        await Assert.ThrowsAsync<NotConnectedException>(() => connect.OrTimeout());
    }

    [Fact]
    public async Task PublisherError_PublishStartsWhileTheErrorIsMapped_FailsThatPublishWithTheError()
    {
        // Issue 13, item 10: the state moved Initialized -> Publishing between OnError's read and its decision, and the
        // error was dropped; the publish then waited for the watchdog. The mapper is the one hook inside that window.
        IPublisher? target = null;
        Task? publish = null;
        _sdk.Options.ErrorMapper = e =>
        {
            if (e.Source == OpenTokErrorSource.Publisher && target is not null && publish is null)
            {
                publish = _sdk.Session.PublishAsync(target);
            }

            return null;
        };
        target = await _sdk.ConnectAndInitializeAsync();

        _sdk.LastPublisher.RaiseError(1650, "camera busy");

        Assert.NotNull(publish);
        var exception = await Assert.ThrowsAsync<DeviceUnavailableException>(() => publish.OrTimeout());
        Assert.Equal(1650, exception.SdkErrorCode);
        Assert.Equal(1, _sdk.Sdk.PublishCount);
    }

    [Fact]
    public async Task PublisherError_AfterErrorRaceIsResolved_NextPublishIsNotFailedAgain()
    {
        IPublisher? target = null;
        Task? publish = null;
        _sdk.Options.ErrorMapper = e =>
        {
            if (target is not null && publish is null)
            {
                publish = _sdk.Session.PublishAsync(target);
            }

            return null;
        };
        target = await _sdk.ConnectAndInitializeAsync();
        _sdk.LastPublisher.RaiseError(1650, "camera busy");
        await Assert.ThrowsAsync<DeviceUnavailableException>(() => publish!.OrTimeout());
        _sdk.Sdk.OnPublish = p => p.Script().RaiseStreamCreated("stream-2");

        await _sdk.Session.PublishAsync(target).OrTimeout();

        Assert.Equal("stream-2", target.StreamId);
    }

    [Fact]
    public async Task ErrorMapper_Throws_FallsBackToBuiltInMapping()
    {
        _sdk.Options.ErrorMapper = _ => throw new InvalidOperationException("a broken mapper");
        var connect = _sdk.Session.ConnectAsync(SdkHarness.Token);

        _sdk.Sdk.RaiseError(1006);

        await Assert.ThrowsAsync<NotConnectedException>(() => connect.OrTimeout());
    }
}
