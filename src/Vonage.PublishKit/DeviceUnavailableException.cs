using System;

namespace Vonage.PublishKit;

/// <summary>No camera or microphone could be acquired: none is connected, a driver failed, another application holds it, or acquiring it timed out (<c>OT_HARDWARE_UNAVAILABLE</c>, <c>OT_NO_DEVICES_FOUND</c>).</summary>
/// <remarks><see cref="PublishException.IsTransient"/> is always <see langword="false"/>.</remarks>
public sealed class DeviceUnavailableException : PublishException
{
    /// <summary>Initializes a new instance with the default messages.</summary>
    public DeviceUnavailableException()
        : this(null)
    {
    }

    /// <summary>Initializes a new instance with a developer-facing message.</summary>
    /// <param name="message">The developer-facing message, or <see langword="null"/> for the default.</param>
    public DeviceUnavailableException(string? message)
        : this(message, null)
    {
    }

    /// <summary>Initializes a new instance with a developer-facing message and the exception that caused it.</summary>
    /// <param name="message">The developer-facing message, or <see langword="null"/> for the default.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public DeviceUnavailableException(string? message, Exception? innerException)
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
    public DeviceUnavailableException(string? message, PublishPhase phase, int? sdkErrorCode, string? sdkErrorName, string? userMessage, Exception? innerException)
        : base(message, PublishErrorKind.DeviceUnavailable, phase, sdkErrorCode, sdkErrorName, isTransient: false, userMessage, innerException)
    {
    }
}
