using System;
using Vonage.PublishKit.Internal;

namespace Vonage.PublishKit;

/// <summary>
/// The base of every publish failure, and the type thrown for failures that fit no subtype.
/// Catch it last, after the subtypes a caller reacts to differently.
/// </summary>
/// <remarks>
/// <see cref="Exception.Message"/> is for developers and logs; <see cref="UserMessage"/> is what to show the
/// end user. Neither ever contains the session token.
/// </remarks>
public class PublishException : Exception
{
    /// <summary>Initializes a new instance with the default messages of <see cref="PublishErrorKind.Unknown"/>.</summary>
    public PublishException()
        : this(null)
    {
    }

    /// <summary>Initializes a new instance with a developer-facing message.</summary>
    /// <param name="message">The developer-facing message, or <see langword="null"/> for the default.</param>
    public PublishException(string? message)
        : this(message, null)
    {
    }

    /// <summary>Initializes a new instance with a developer-facing message and the exception that caused it.</summary>
    /// <param name="message">The developer-facing message, or <see langword="null"/> for the default.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public PublishException(string? message, Exception? innerException)
        : this(message, PublishErrorKind.Unknown, PublishPhase.Publish, null, null, isTransient: false, null, innerException)
    {
    }

    /// <summary>Initializes a new instance with every property set.</summary>
    /// <param name="message">The developer-facing message, or <see langword="null"/> for the default of <paramref name="kind"/>.</param>
    /// <param name="kind">What went wrong.</param>
    /// <param name="phase">The phase in which it went wrong.</param>
    /// <param name="sdkErrorCode">The SDK's numeric error code, if any.</param>
    /// <param name="sdkErrorName">The SDK's error name (such as <c>OT_NOT_CONNECTED</c>), if any.</param>
    /// <param name="isTransient">Whether trying again may succeed without anyone acting.</param>
    /// <param name="userMessage">The message for the end user, or <see langword="null"/> for the default of <paramref name="kind"/>.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public PublishException(
        string? message,
        PublishErrorKind kind,
        PublishPhase phase,
        int? sdkErrorCode,
        string? sdkErrorName,
        bool isTransient,
        string? userMessage,
        Exception? innerException)
        : base(message ?? UserMessages.DeveloperMessageFor(kind), innerException)
    {
        Kind = kind;
        Phase = phase;
        SdkErrorCode = sdkErrorCode;
        SdkErrorName = sdkErrorName;
        IsTransient = isTransient;
        UserMessage = userMessage ?? UserMessages.For(kind);
    }

    /// <summary>Gets what went wrong.</summary>
    public PublishErrorKind Kind { get; }

    /// <summary>Gets the phase in which it went wrong.</summary>
    public PublishPhase Phase { get; }

    /// <summary>Gets the SDK's numeric error code, or <see langword="null"/> when the failure did not come from the SDK.</summary>
    public int? SdkErrorCode { get; }

    /// <summary>Gets the SDK's error name (such as <c>OT_NOT_CONNECTED</c>), or <see langword="null"/>.</summary>
    public string? SdkErrorName { get; }

    /// <summary>
    /// Gets a value indicating whether trying again may succeed without the user or the developer acting:
    /// true for network and media-connection failures and timeouts, never for denied access, missing
    /// devices or rejected credentials.
    /// </summary>
    public bool IsTransient { get; }

    /// <summary>Gets the message to show the end user, as the Vonage troubleshooting guide recommends.</summary>
    public string UserMessage { get; }

    /// <summary>
    /// Gets the failure of the other setup phase when initialize and connect both failed. This exception is
    /// the one that takes precedence (device errors first, because the user has to act on them).
    /// </summary>
    /// <value><see langword="null"/> unless both setup phases failed in the same publish attempt.</value>
    public PublishException? ConcurrentFailure { get; internal set; }

    /// <summary>Returns the exception as text, inner exceptions included, with anything shaped like a credential redacted.</summary>
    /// <returns>The text; an adapter's inner exception that echoed a token shows <c>[redacted]</c> in its place.</returns>
    public override string ToString() => SecretRedactor.Redact(base.ToString())!;
}
