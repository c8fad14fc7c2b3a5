namespace Vonage.PublishKit;

/// <summary>
/// The Vonage Video SDK's numeric error codes that <see cref="PublishErrors.FromSdkError"/> recognizes.
/// The Windows SDK wraps the native library, so these are the native numbers.
/// </summary>
public static class SdkErrorCodes
{
    /// <summary>Authorization failure: bad API key or token.</summary>
    public const int AuthorizationFailure = 1004;

    /// <summary>The session id is invalid.</summary>
    public const int InvalidSessionId = 1005;

    /// <summary>The connection to the session failed.</summary>
    public const int ConnectionFailed = 1006;

    /// <summary>Not connected: a publish was attempted while the session is disconnected.</summary>
    public const int NotConnected = 1010;

    /// <summary>The connection to the session timed out.</summary>
    public const int ConnectionTimedOut = 1021;

    /// <summary>The connection to the session was dropped.</summary>
    public const int ConnectionDropped = 1022;

    /// <summary>The connection was refused: ports 443 and 8080 are blocked.</summary>
    public const int ConnectionRefused = 1023;

    /// <summary>The client is in a blocked country.</summary>
    public const int BlockedCountry = 1026;

    /// <summary>The session's connection limit was exceeded.</summary>
    public const int ConnectionLimitExceeded = 1027;

    /// <summary>
    /// Publisher access denied in the JavaScript client (during initialization); "unable to publish" in the
    /// native and Windows SDKs (during publishing).
    /// </summary>
    public const int AccessDeniedOrUnableToPublish = 1500;

    /// <summary>Publishing timed out.</summary>
    public const int PublishTimedOut = 1541;

    /// <summary>No messaging server is available.</summary>
    public const int NoMessagingServer = 1503;

    /// <summary>A WebRTC error.</summary>
    public const int WebRtcError = 1610;

    /// <summary>An internal SDK error.</summary>
    public const int InternalError = 2000;
}
