namespace Vonage.PublishKit.Web.Tests.EndToEnd;

/// <summary>One sample process for every browser test; they run one after another (2 cores, one camera).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserTestsDefinition : ICollectionFixture<SampleFixture>
{
    public const string Name = "VideoCallApp.Blazor in Chromium";
}
