using System;

namespace Vonage.PublishKit;

/// <summary>The session is not connected: the network is unreachable, the connection failed or timed out, or it was lost (<c>OT_NOT_CONNECTED</c>).</summary>
/// <remarks><see cref="PublishException.IsTransient"/> is always <see langword="true"/>.</remarks>
public sealed class NotConnectedException : PublishException
{
    /// <summary>Initializes a new instance with the default messages.</summary>
    public NotConnectedException()
        : this(null)
    {
    }

    /// <summary>Initializes a new instance with a developer-facing message.</summary>
    /// <param name="message">The developer-facing message, or <see langword="null"/> for the default.</param>
    public NotConnectedException(string? message)
        : this(message, null)
    {
    }

    /// <summary>Initializes a new instance with a developer-facing message and the exception that caused it.</summary>
    /// <param name="message">The developer-facing message, or <see langword="null"/> for the default.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public NotConnectedException(string? message, Exception? innerException)
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
    public NotConnectedException(string? message, PublishPhase phase, int? sdkErrorCode, string? sdkErrorName, string? userMessage, Exception? innerException)
        : base(message, PublishErrorKind.NotConnected, phase, sdkErrorCode, sdkErrorName, isTransient: true, userMessage, innerException)
    {
    }
}
