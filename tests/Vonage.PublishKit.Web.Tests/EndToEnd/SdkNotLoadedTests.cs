using System;
using System.Threading.Tasks;
using Xunit.Abstractions;

namespace Vonage.PublishKit.Web.Tests.EndToEnd;

/// <summary>A page that forgot OpenTok.js: the adapter's own module in Chromium, without the SDK.</summary>
[Collection(BrowserTestsDefinition.Name)]
public sealed class SdkNotLoadedTests(SampleFixture fixture, ITestOutputHelper output)
{
    [BrowserFact]
    public async Task Page_OpenTokJsNotLoaded_FailsSayingHowToLoadIt()
    {
        await using var browser = await BrowserCase.OpenAsync(fixture.Server, [BrowserCase.FakeDevices, BrowserCase.FakeUi], vonage: null, withoutSdk: true);

        var outcome = await browser.PublishAsync("sdk-not-loaded", fixture.Server, output);

        Assert.Equal(nameof(PublishException), outcome.Type);
        Assert.Contains("OpenTok.js is not loaded", outcome.Details, StringComparison.Ordinal);
        Assert.Contains("<script src=", outcome.Details, StringComparison.Ordinal);
        Assert.Equal("An unknown error occurred while trying to publish your video. Please try again later.", outcome.Message);
        Assert.Equal(0, await browser.TracksEndedAsync());
    }
}
