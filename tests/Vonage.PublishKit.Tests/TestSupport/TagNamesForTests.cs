namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>The documented tag names (docs/diagnostics.md), as a user's dashboards would spell them.</summary>
internal static class TagNamesForTests
{
    public const string ErrorType = "error.type";
    public const string Outcome = "vonage.publishkit.outcome";
    public const string Phase = "vonage.publishkit.phase";
    public const string Republish = "vonage.publishkit.republish";
    public const string Attempt = "vonage.publishkit.attempt";
    public const string SdkErrorCode = "vonage.publishkit.sdk.error_code";
    public const string Reason = "vonage.publishkit.reason";
    public const string StreamId = "vonage.publishkit.stream.id";
    public const string Transient = "vonage.publishkit.error.transient";
    public const string SdkErrorName = "vonage.publishkit.sdk.error_name";
    public const string SessionConnected = "vonage.publishkit.session.already_connected";
    public const string RetryDelay = "vonage.publishkit.retry.delay";
}
