using System;
using System.Globalization;
using OpenTok;

namespace Vonage.PublishKit.OpenTok.Internal;

/// <summary>
/// What travels on of an exception the SDK threw (an <c>OpenTokException</c>, or anything else) as an inner exception: its
/// type name, numeric code when it has one, and stack trace, with its message redacted (<see cref="PublishErrors.RedactSecrets"/>),
/// so that no <c>ToString()</c> of ours repeats a token the SDK echoed. The SDK's own exception (and whatever it wraps) is not kept.
/// </summary>
internal sealed class SanitizedSdkException : Exception
{
    private readonly string? _stackTrace;

    private SanitizedSdkException(string message, string? stackTrace)
        : base(message)
    {
        _stackTrace = stackTrace;
    }

    /// <inheritdoc/>
    public override string? StackTrace => _stackTrace ?? base.StackTrace;

    public static SanitizedSdkException From(Exception exception)
    {
        var type = exception.GetType().FullName;
        var text = PublishErrors.RedactSecrets(exception.Message);
        var message = exception is OpenTokException sdk
            ? string.Format(CultureInfo.InvariantCulture, "{0} (ErrorCode {1}): {2}", type, (int)sdk.ErrorCode, text)
            : type + ": " + text;

        // The stack trace is the runtime's (code locations), not SDK text: kept as is, for diagnosis.
        return new SanitizedSdkException(message, exception.StackTrace);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        StackTrace is { Length: > 0 } trace ? GetType().FullName + ": " + Message + Environment.NewLine + trace : GetType().FullName + ": " + Message;
}
