using System;
using System.Threading.Tasks;
using Xunit.Abstractions;

namespace Vonage.PublishKit.Web.Tests.EndToEnd;

/// <summary>
/// The guide's cases that OpenTok.js produces without Vonage's servers, with the real SDK from npm in Debian's Chromium:
/// the sample's page, its orchestrator and the web adapter, and every camera track ended afterwards.
/// </summary>
[Collection(BrowserTestsDefinition.Name)]
public sealed class RealSdkTests(SampleFixture fixture, ITestOutputHelper output)
{
    private const string NotConnectedMessage = "Publishing your video failed. You are not connected to the internet.";

    [BrowserFact]
    public async Task RealSdk_FakeCameraOffline_ShowsNotConnected()
    {
        await using var browser = await BrowserCase.OpenAsync(fixture.Server, [BrowserCase.FakeDevices, BrowserCase.FakeUi], vonage: null);

        var outcome = await browser.PublishAsync("offline", fixture.Server, output);

        Assert.Equal(nameof(NotConnectedException), outcome.Type);
        Assert.Equal("OT_CONNECT_FAILED", outcome.SdkError);
        Assert.Equal(NotConnectedMessage, outcome.Message);
        Assert.True(await browser.TracksEndedAsync() > 0, "the fake camera was captured, then released");
    }

    [BrowserFact]
    public async Task RealSdk_FakeCameraConnectNeverAnswered_ConnectTimeoutShowsNotConnected()
    {
        await using var browser = await BrowserCase.OpenAsync(fixture.Server, [BrowserCase.FakeDevices, BrowserCase.FakeUi], BrowserCase.NeverAnswer);

        var outcome = await browser.PublishAsync("connect-never-answered", fixture.Server, output);

        Assert.Equal(nameof(NotConnectedException), outcome.Type);
        Assert.Null(outcome.SdkError);
        Assert.Contains("did not complete within 3 s", outcome.Details, StringComparison.Ordinal);
        Assert.Equal(NotConnectedMessage, outcome.Message);
        Assert.True(await browser.TracksEndedAsync() > 0, "the fake camera was captured, then released");
        Assert.Contains("anvil.opentok.com/session/" + "1_placeholder-session-id", string.Join(' ', browser.Requests), StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task RealSdk_UserDeniesAccess_ShowsAccessDenied()
    {
        await using var browser = await BrowserCase.OpenAsync(fixture.Server, [BrowserCase.FakeDevices, BrowserCase.DenyPrompts], vonage: null);

        var outcome = await browser.PublishAsync("access-denied", fixture.Server, output);

        Assert.Equal(nameof(AccessDeniedException), outcome.Type);
        Assert.Equal("OT_USER_MEDIA_ACCESS_DENIED", outcome.SdkError);
        Assert.Equal("Please allow access to the Camera and Microphone and try publishing again.", outcome.Message);
        Assert.Equal(0, await browser.TracksEndedAsync());
    }

    [BrowserFact]
    public async Task RealSdk_NoCameraOrMicrophone_ShowsDeviceUnavailable()
    {
        await using var browser = await BrowserCase.OpenAsync(fixture.Server, [BrowserCase.FakeUi], vonage: null);

        var outcome = await browser.PublishAsync("no-devices", fixture.Server, output);

        Assert.Equal(nameof(DeviceUnavailableException), outcome.Type);
        Assert.Equal("OT_NO_DEVICES_FOUND", outcome.SdkError);
        Assert.Equal("Failed to get access to your camera or microphone. Please check that your webcam is connected and not being used by another application and try again.", outcome.Message);
        Assert.Equal(0, await browser.TracksEndedAsync());
    }

    [BrowserFact]
    public async Task RealSdk_AuthenticationErrorReply_ShowsAuthenticationFailure()
    {
        await using var browser = await BrowserCase.OpenAsync(fixture.Server, [BrowserCase.FakeDevices, BrowserCase.FakeUi], BrowserCase.RejectToken);

        var outcome = await browser.PublishAsync("authentication-error", fixture.Server, output);

        Assert.Equal(nameof(AuthenticationFailedException), outcome.Type);
        Assert.Equal("OT_AUTHENTICATION_ERROR", outcome.SdkError);
        Assert.Contains("rejected the credentials", outcome.Details, StringComparison.Ordinal);
        Assert.Equal(new AuthenticationFailedException().UserMessage, outcome.Message);
        Assert.True(await browser.TracksEndedAsync() > 0, "the fake camera was captured, then released");
    }

    [BrowserFact]
    public async Task RealSdk_PublishOnSessionNeverConnected_ShowsNotConnected()
    {
        await using var browser = await BrowserCase.OpenAsync(fixture.Server, [BrowserCase.FakeDevices, BrowserCase.FakeUi], vonage: null);

        var outcome = await browser.PublishAsync("publish-not-connected", fixture.Server, output, withoutConnecting: true);

        Assert.Equal(nameof(NotConnectedException), outcome.Type);
        Assert.Equal("OT_NOT_CONNECTED", outcome.SdkError);
        Assert.Contains("1010", outcome.Details, StringComparison.Ordinal);
        Assert.Equal(NotConnectedMessage, outcome.Message);
        Assert.True(await browser.TracksEndedAsync() > 0, "the fake camera was captured, then released");
    }

    [BrowserFact]
    public async Task RealSdk_CameraSlowerThanInitializeTimeout_ShowsDeviceUnavailableAndTheLateCameraIsReleased()
    {
        await using var browser = await BrowserCase.OpenAsync(fixture.Server, [BrowserCase.FakeDevices, BrowserCase.FakeUi], vonage: null, BrowserCase.SlowCamera(6000));

        var outcome = await browser.PublishAsync("camera-slower-than-initialize-timeout", fixture.Server, output);

        Assert.Equal(nameof(DeviceUnavailableException), outcome.Type);
        Assert.Contains("The Initialize phase did not complete within 3 s", outcome.Details, StringComparison.Ordinal);
        Assert.True(await browser.TracksEndedAsync() > 0, "the camera that started after the publisher was released is stopped too");
    }
}
