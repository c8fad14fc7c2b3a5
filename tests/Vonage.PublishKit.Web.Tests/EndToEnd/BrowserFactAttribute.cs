namespace Vonage.PublishKit.Web.Tests.EndToEnd;

/// <summary>A test that needs Chromium and the npm-restored OpenTok.js: reported as skipped, with the fix, when either is missing.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (BrowserEnvironment.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
