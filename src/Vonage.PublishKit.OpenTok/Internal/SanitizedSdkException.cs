using System;
using System.Globalization;
using OpenTok;

namespace Vonage.PublishKit.OpenTok.Internal;

/// <summary>
/// What travels on of an <c>OpenTokException</c> as an inner exception: its type name, numeric code and stack trace,
/// with its message redacted (<see cref="PublishErrors.RedactSecrets"/>), so that no <c>ToString()</c> of ours repeats
/// a token the SDK echoed. The SDK's own exception (and whatever it wraps) is not kept.
/// </summary>
internal sealed class SanitizedSdkException : Exception
{
    private readonly string? _stackTrace;

    public SanitizedSdkException()
    {
    }

    public SanitizedSdkException(string message)
        : base(message)
    {
    }

    public SanitizedSdkException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private SanitizedSdkException(string message, int errorCode, string sdkType, string? stackTrace)
        : base(message)
    {
        ErrorCode = errorCode;
        SdkType = sdkType;
        _stackTrace = stackTrace;
    }

    /// <summary>Gets the SDK exception's <c>(int)ErrorCode</c>.</summary>
    public int ErrorCode { get; }

    /// <summary>Gets the SDK exception's type, e.g. <c>OpenTok.OpenTokException</c>.</summary>
    public string SdkType { get; } = string.Empty;

    /// <inheritdoc/>
    public override string? StackTrace => _stackTrace ?? base.StackTrace;

    public static SanitizedSdkException From(OpenTokException exception)
    {
        var code = (int)exception.ErrorCode;
        var type = exception.GetType().FullName ?? nameof(OpenTokException);
        var message = string.Format(CultureInfo.InvariantCulture, "{0} (ErrorCode {1}): {2}", type, code, PublishErrors.RedactSecrets(exception.Message));
        return new SanitizedSdkException(message, code, type, PublishErrors.RedactSecrets(exception.StackTrace));
    }

    /// <inheritdoc/>
    public override string ToString() =>
        StackTrace is { Length: > 0 } trace ? GetType().FullName + ": " + Message + Environment.NewLine + trace : GetType().FullName + ": " + Message;
}
