using System;
using System.Globalization;
using System.Text;
using Vonage.PublishKit.Internal;

namespace Vonage.PublishKit;

/// <summary>
/// Builds publish exceptions exactly as the SDK adapter and the orchestrator do: the one mapping from an SDK
/// error to a typed exception, and a factory method per failure of the Vonage troubleshooting guide, so a
/// mock reads <c>.ThrowsAsync(PublishErrors.AccessDenied())</c>.
/// </summary>
public static class PublishErrors
{
    /// <summary>
    /// Maps an SDK error to the exception type a caller reacts to: by error name when the name is known,
    /// else by numeric code; anything unrecognized gives a base <see cref="PublishException"/> of kind
    /// <see cref="PublishErrorKind.Unknown"/>.
    /// </summary>
    /// <param name="code">The SDK's numeric error code (for the Windows SDK, <c>(int)e.ErrorCode</c>), if any.</param>
    /// <param name="name">The SDK's error name such as <c>OT_NOT_CONNECTED</c>, if any.</param>
    /// <param name="description">
    /// The SDK's description of the error, if any; it becomes part of the developer-facing message, with anything
    /// shaped like a token or key replaced by <c>[redacted]</c> (see <see cref="RedactSecrets"/>).
    /// </param>
    /// <param name="phase">The phase in which the error was reported. Code 1500 means "access denied" while initializing and "unable to publish" later.</param>
    /// <param name="innerException">The SDK exception, if the error was thrown rather than raised as an event.</param>
    /// <returns>The exception to throw.</returns>
    public static PublishException FromSdkError(int? code, string? name, string? description, PublishPhase phase, Exception? innerException = null)
    {
        var (kind, isTransient) = Classify(code, name, phase);
        var message = Describe(UserMessages.DeveloperMessageFor(kind), code, name, description);
        return Create(kind, message, phase, code, name, isTransient, innerException);
    }

    /// <summary>
    /// Replaces anything shaped like a credential in text an SDK wrote (an OpenTok <c>T1==</c> token, a JWT, a
    /// <c>token=</c> value, any long base64 or hex run) with <c>[redacted]</c>. Adapters pass SDK text through it
    /// before they log it or put it in a tag; <see cref="FromSdkError"/> applies it to the description.
    /// </summary>
    /// <param name="sdkText">Text from the SDK: an error description or an exception message.</param>
    /// <returns>The text without credentials, or <see langword="null"/> when <paramref name="sdkText"/> is.</returns>
    public static string? RedactSecrets(string? sdkText) => SecretRedactor.Redact(sdkText);

    /// <summary>The user denied access to the camera and microphone: code 1500, <c>OT_USER_MEDIA_ACCESS_DENIED</c>, while initializing.</summary>
    /// <returns>An <see cref="AccessDeniedException"/>.</returns>
    public static AccessDeniedException AccessDenied() =>
        (AccessDeniedException)FromSdkError(SdkErrorCodes.AccessDeniedOrUnableToPublish, SdkErrorNames.UserMediaAccessDenied, "Publisher Access Denied:", PublishPhase.Initialize);

    /// <summary>No camera or microphone is attached: <c>OT_NO_DEVICES_FOUND</c>, while initializing.</summary>
    /// <returns>A <see cref="DeviceUnavailableException"/>.</returns>
    public static DeviceUnavailableException NoDevicesFound() =>
        (DeviceUnavailableException)FromSdkError(null, SdkErrorNames.NoDevicesFound, "No camera or microphone was found.", PublishPhase.Initialize);

    /// <summary>
    /// The camera or microphone is held by another application or its driver failed:
    /// <c>OT_HARDWARE_UNAVAILABLE</c>, while initializing.
    /// </summary>
    /// <returns>A <see cref="DeviceUnavailableException"/>.</returns>
    public static DeviceUnavailableException HardwareUnavailable() =>
        (DeviceUnavailableException)FromSdkError(null, SdkErrorNames.HardwareUnavailable, "The camera or microphone is in use by another application.", PublishPhase.Initialize);

    /// <summary>The user is offline: code 1010, <c>OT_NOT_CONNECTED</c>.</summary>
    /// <param name="phase">Where it is reported: <see cref="PublishPhase.Connect"/> (the default) or <see cref="PublishPhase.Publish"/>.</param>
    /// <returns>A <see cref="NotConnectedException"/>.</returns>
    public static NotConnectedException NotConnected(PublishPhase phase = PublishPhase.Connect) =>
        (NotConnectedException)FromSdkError(SdkErrorCodes.NotConnected, SdkErrorNames.NotConnected, "Not connected.", phase);

    /// <summary>A restrictive firewall blocks WebRTC: <c>OT_CREATE_PEER_CONNECTION_FAILED</c>, while publishing.</summary>
    /// <returns>A <see cref="PeerConnectionFailedException"/>.</returns>
    public static PeerConnectionFailedException PeerConnectionFailed() =>
        (PeerConnectionFailedException)FromSdkError(null, SdkErrorNames.CreatePeerConnectionFailed, "Could not create the peer connection.", PublishPhase.Publish);

    /// <summary>The API key or token was rejected: code 1004, <c>OT_AUTHENTICATION_ERROR</c>, while connecting. Never transient.</summary>
    /// <returns>An <see cref="AuthenticationFailedException"/>.</returns>
    public static AuthenticationFailedException AuthenticationFailed() =>
        (AuthenticationFailedException)FromSdkError(SdkErrorCodes.AuthorizationFailure, SdkErrorNames.AuthenticationError, "Authorization failure.", PublishPhase.Connect);

    /// <summary>An error the guide lists under "default": an unknown error while publishing.</summary>
    /// <returns>A base <see cref="PublishException"/> of kind <see cref="PublishErrorKind.Unknown"/>.</returns>
    public static PublishException Unknown() => FromSdkError(null, null, null, PublishPhase.Publish);

    /// <summary>
    /// A phase that neither succeeded nor failed in time, as the orchestrator reports it: initialize gives a
    /// <see cref="DeviceUnavailableException"/>, connect a <see cref="NotConnectedException"/>, and publish a
    /// <see cref="PeerConnectionFailedException"/> (the guide's "spinning wheel"). The inner exception is a
    /// <see cref="TimeoutException"/>.
    /// </summary>
    /// <param name="phase">The phase that timed out.</param>
    /// <param name="timeout">How long the orchestrator waited.</param>
    /// <returns>The exception to throw.</returns>
    public static PublishException Timeout(PublishPhase phase, TimeSpan timeout)
    {
        var message = string.Format(CultureInfo.InvariantCulture, "The {0} phase did not complete within {1:0.###} s.", phase, timeout.TotalSeconds);
        var kind = KindOfTimeout(phase);
        return Create(kind, message, phase, null, null, IsTransientByDefault(kind), new TimeoutException(message));
    }

    /// <summary>Wraps an adapter exception that is not a <see cref="PublishException"/>.</summary>
    internal static PublishException Unexpected(Exception exception, PublishPhase phase)
    {
        // The inner exception's message is not copied: the adapter's text is its own business.
        var message = string.Format(CultureInfo.InvariantCulture, "The {0} phase failed with an unexpected {1}.", phase, exception.GetType().FullName);
        return new PublishException(message, PublishErrorKind.Unknown, phase, null, null, isTransient: false, null, exception);
    }

    private static PublishErrorKind KindOfTimeout(PublishPhase phase) => phase switch
    {
        PublishPhase.Initialize => PublishErrorKind.DeviceUnavailable,
        PublishPhase.Connect => PublishErrorKind.NotConnected,
        _ => PublishErrorKind.PeerConnectionFailed,
    };

    private static bool IsTransientByDefault(PublishErrorKind kind) =>
        kind is PublishErrorKind.NotConnected or PublishErrorKind.PeerConnectionFailed;

    private static (PublishErrorKind Kind, bool IsTransient) Classify(int? code, string? name, PublishPhase phase)
    {
        var kind = KindByName(name, phase) ?? KindByCode(code, phase);

        // The subtypes fix their own transience; of the base kinds, only an SDK internal error and the native
        // "unable to publish" may heal by themselves.
        var transient = IsTransientByDefault(kind)
            || (kind == PublishErrorKind.Unknown && code is SdkErrorCodes.InternalError or SdkErrorCodes.AccessDeniedOrUnableToPublish);
        return (kind, transient);
    }

    private static PublishErrorKind? KindByName(string? name, PublishPhase phase) => name switch
    {
        SdkErrorNames.UserMediaAccessDenied => PublishErrorKind.AccessDenied,
        SdkErrorNames.HardwareUnavailable or SdkErrorNames.NoDevicesFound => PublishErrorKind.DeviceUnavailable,
        SdkErrorNames.NotConnected or SdkErrorNames.ConnectFailed => PublishErrorKind.NotConnected,
        SdkErrorNames.CreatePeerConnectionFailed or SdkErrorNames.IceWorkflowFailed => PublishErrorKind.PeerConnectionFailed,
        SdkErrorNames.AuthenticationError or SdkErrorNames.InvalidSessionId => PublishErrorKind.AuthenticationFailed,

        // An SDK timeout means the same as the orchestrator's own watchdog for that phase.
        SdkErrorNames.Timeout => KindOfTimeout(phase),
        _ => null,
    };

    private static PublishErrorKind KindByCode(int? code, PublishPhase phase) => code switch
    {
        SdkErrorCodes.AuthorizationFailure or SdkErrorCodes.InvalidSessionId => PublishErrorKind.AuthenticationFailed,
        SdkErrorCodes.ConnectionFailed or SdkErrorCodes.NotConnected or SdkErrorCodes.ConnectionTimedOut
            or SdkErrorCodes.ConnectionDropped or SdkErrorCodes.NoMessagingServer => PublishErrorKind.NotConnected,
        SdkErrorCodes.ConnectionRefused or SdkErrorCodes.PublishTimedOut or SdkErrorCodes.WebRtcError => PublishErrorKind.PeerConnectionFailed,
        SdkErrorCodes.BlockedCountry or SdkErrorCodes.ConnectionLimitExceeded => PublishErrorKind.ConnectionRejected,

        // The guide's 1500 is "Publisher Access Denied" at initialization; the native SDK's 1500 is
        // "unable to publish" when publishing, which says nothing of the cause.
        SdkErrorCodes.AccessDeniedOrUnableToPublish when phase == PublishPhase.Initialize => PublishErrorKind.AccessDenied,
        _ => PublishErrorKind.Unknown,
    };

    private static string Describe(string summary, int? code, string? name, string? description)
    {
        if (code is null && name is null && string.IsNullOrWhiteSpace(description))
        {
            return summary;
        }

        var builder = new StringBuilder(summary).Append(" SDK error");
        if (code is { } c)
        {
            builder.Append(' ').Append(c.ToString(CultureInfo.InvariantCulture));
        }

        if (name is not null)
        {
            builder.Append(' ').Append(name);
        }

        if (!string.IsNullOrWhiteSpace(description))
        {
            builder.Append(": ").Append(SecretRedactor.Redact(description!.Trim().TrimEnd('.', ':')));
        }

        return builder.Append('.').ToString();
    }

    private static PublishException Create(PublishErrorKind kind, string message, PublishPhase phase, int? code, string? name, bool isTransient, Exception? innerException) => kind switch
    {
        PublishErrorKind.AccessDenied => new AccessDeniedException(message, phase, code, name, null, innerException),
        PublishErrorKind.DeviceUnavailable => new DeviceUnavailableException(message, phase, code, name, null, innerException),
        PublishErrorKind.NotConnected => new NotConnectedException(message, phase, code, name, null, innerException),
        PublishErrorKind.PeerConnectionFailed => new PeerConnectionFailedException(message, phase, code, name, null, innerException),
        PublishErrorKind.AuthenticationFailed => new AuthenticationFailedException(message, phase, code, name, null, innerException),
        _ => new PublishException(message, kind, phase, code, name, isTransient, null, innerException),
    };
}
