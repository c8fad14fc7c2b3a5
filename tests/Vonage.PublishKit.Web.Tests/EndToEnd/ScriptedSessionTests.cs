using System;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Vonage.PublishKit.Web.Tests.EndToEnd;

/// <summary>
/// The cases that need Vonage's servers, with the real OpenTok.js publisher in Chromium and a scripted session on the
/// JavaScript side (<see cref="ScriptedSession"/>): what they verify is the adapter and the orchestrator, not the SDK's session.
/// </summary>
[Collection(BrowserTestsDefinition.Name)]
public sealed class ScriptedSessionTests(SampleFixture fixture, ITestOutputHelper output)
{
    private static readonly string[] FakeCamera = [BrowserCase.FakeDevices, BrowserCase.FakeUi];

    [BrowserFact]
    public async Task ScriptedSession_PublishSucceeds_ShowsPublishedThenStopReleasesTheCamera()
    {
        await using var browser = await BrowserCase.OpenAsync(fixture.Server, FakeCamera, vonage: null, ScriptedSession.InitScript(ScriptedSession.Succeed));

        var outcome = await browser.PublishAsync("scripted-published", fixture.Server, output);
        var live = await browser.Page.EvaluateAsync<int>("() => window.__publishkitTracks.filter(t => t.readyState === 'live').length");
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Stop", Exact = true }).ClickAsync();
        await browser.Page.Locator("[role=status][data-outcome=Stopped]").WaitForAsync();

        Assert.Equal("Published", outcome.Type);
        Assert.Contains("scripted-stream-1", outcome.Message, StringComparison.Ordinal);
        Assert.Equal("Published", outcome.State);
        Assert.True(live > 0, "the camera is live while published");
        Assert.True(await browser.TracksEndedAsync() > 0, "Stop released the camera");
    }

    [BrowserFact]
    public async Task ScriptedSession_PeerConnectionFails_ShowsPeerConnectionFailed()
    {
        await using var browser = await BrowserCase.OpenAsync(fixture.Server, FakeCamera, vonage: null, ScriptedSession.InitScript(ScriptedSession.PeerConnectionFails));

        var outcome = await browser.PublishAsync("scripted-peer-connection-failed", fixture.Server, output);

        Assert.Equal(nameof(PeerConnectionFailedException), outcome.Type);
        Assert.Equal("OT_CREATE_PEER_CONNECTION_FAILED", outcome.SdkError);
        Assert.Equal("Publishing your video failed. This could be due to a restrictive firewall.", outcome.Message);
        Assert.True(await browser.TracksEndedAsync() > 0, "the camera was captured, then released");
    }

    [BrowserFact]
    public async Task ScriptedSession_NetworkLostAfterPublish_ShowsNetworkDisconnectedAndReleasesTheCamera()
    {
        await using var browser = await BrowserCase.OpenAsync(fixture.Server, FakeCamera, vonage: null, ScriptedSession.InitScript(ScriptedSession.Succeed));
        var published = await browser.PublishAsync("scripted-before-network-loss", fixture.Server, output);
        Assert.Equal("Published", published.Type);

        await browser.Page.EvaluateAsync("() => window.__scripted.loseNetwork()");
        await browser.Page.Locator("[role=status][data-outcome=NetworkDisconnected]").WaitForAsync();
        await browser.ScreenshotAsync("scripted-network-disconnected");

        Assert.Equal(
            "Your publisher lost its connection. Please check your internet connection and try publishing again.",
            (await browser.Page.GetByRole(AriaRole.Status).InnerTextAsync()).Trim());
        Assert.True(await browser.TracksEndedAsync() > 0, "the lost publisher released the camera");
    }
}
