using System;

namespace Vonage.PublishKit;

/// <summary>
/// The session rejected the credentials (<c>OT_AUTHENTICATION_ERROR</c>, <c>OT_INVALID_SESSION_ID</c>, codes 1004 and
/// 1005): the token expired or belongs to another session, the API key or session id is wrong, or the token may not
/// publish. Fetch a new token from your server and publish again; retrying with the same token will not help.
/// </summary>
/// <remarks><see cref="PublishException.IsTransient"/> is always <see langword="false"/>: the built-in retries never retry it.</remarks>
public sealed class AuthenticationFailedException : PublishException
{
    /// <summary>Initializes a new instance with the default messages.</summary>
    public AuthenticationFailedException()
        : this(null)
    {
    }

    /// <summary>Initializes a new instance with a developer-facing message.</summary>
    /// <param name="message">The developer-facing message, or <see langword="null"/> for the default.</param>
    public AuthenticationFailedException(string? message)
        : this(message, null)
    {
    }

    /// <summary>Initializes a new instance with a developer-facing message and the exception that caused it.</summary>
    /// <param name="message">The developer-facing message, or <see langword="null"/> for the default.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public AuthenticationFailedException(string? message, Exception? innerException)
        : this(message, PublishPhase.Connect, null, null, null, innerException)
    {
    }

    /// <summary>Initializes a new instance with every property set.</summary>
    /// <param name="message">The developer-facing message, or <see langword="null"/> for the default.</param>
    /// <param name="phase">The phase in which it went wrong.</param>
    /// <param name="sdkErrorCode">The SDK's numeric error code, if any.</param>
    /// <param name="sdkErrorName">The SDK's error name, if any.</param>
    /// <param name="userMessage">The message for the end user, or <see langword="null"/> for the default.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public AuthenticationFailedException(string? message, PublishPhase phase, int? sdkErrorCode, string? sdkErrorName, string? userMessage, Exception? innerException)
        : base(message, PublishErrorKind.AuthenticationFailed, phase, sdkErrorCode, sdkErrorName, isTransient: false, userMessage, innerException)
    {
    }
}
