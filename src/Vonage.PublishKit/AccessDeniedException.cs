using System;

namespace Vonage.PublishKit;

/// <summary>The user denied access to the camera or microphone (the SDK's <c>OT_USER_MEDIA_ACCESS_DENIED</c>, code 1500). Ask the user to allow access and try again.</summary>
/// <remarks><see cref="PublishException.IsTransient"/> is always <see langword="false"/>.</remarks>
public sealed class AccessDeniedException : PublishException
{
    /// <summary>Initializes a new instance with the default messages.</summary>
    public AccessDeniedException()
        : this(null)
    {
    }

    /// <summary>Initializes a new instance with a developer-facing message.</summary>
    /// <param name="message">The developer-facing message, or <see langword="null"/> for the default.</param>
    public AccessDeniedException(string? message)
        : this(message, null)
    {
    }

    /// <summary>Initializes a new instance with a developer-facing message and the exception that caused it.</summary>
    /// <param name="message">The developer-facing message, or <see langword="null"/> for the default.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public AccessDeniedException(string? message, Exception? innerException)
        : this(message, PublishPhase.Initialize, null, null, null, innerException)
    {
    }

    /// <summary>Initializes a new instance with every property set.</summary>
    /// <param name="message">The developer-facing message, or <see langword="null"/> for the default.</param>
    /// <param name="phase">The phase in which it went wrong.</param>
    /// <param name="sdkErrorCode">The SDK's numeric error code, if any.</param>
    /// <param name="sdkErrorName">The SDK's error name, if any.</param>
    /// <param name="userMessage">The message for the end user, or <see langword="null"/> for the default.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public AccessDeniedException(string? message, PublishPhase phase, int? sdkErrorCode, string? sdkErrorName, string? userMessage, Exception? innerException)
        : base(message, PublishErrorKind.AccessDenied, phase, sdkErrorCode, sdkErrorName, isTransient: false, userMessage, innerException)
    {
    }
}
