namespace Vonage.PublishKit;

/// <summary>The Vonage Video SDK's error names (the JavaScript client's vocabulary, used by the troubleshooting guide).</summary>
public static class SdkErrorNames
{
    /// <summary>The user denied access to the camera or microphone.</summary>
    public const string UserMediaAccessDenied = "OT_USER_MEDIA_ACCESS_DENIED";

    /// <summary>The camera or microphone is unavailable (in use by another application, or a driver fault).</summary>
    public const string HardwareUnavailable = "OT_HARDWARE_UNAVAILABLE";

    /// <summary>No camera or microphone was found.</summary>
    public const string NoDevicesFound = "OT_NO_DEVICES_FOUND";

    /// <summary>The session is not connected.</summary>
    public const string NotConnected = "OT_NOT_CONNECTED";

    /// <summary>The WebRTC peer connection could not be created (restrictive firewall).</summary>
    public const string CreatePeerConnectionFailed = "OT_CREATE_PEER_CONNECTION_FAILED";

    /// <summary>The ICE workflow failed (no media route).</summary>
    public const string IceWorkflowFailed = "OT_ICE_WORKFLOW_FAILED";

    /// <summary>The API key or token was rejected.</summary>
    public const string AuthenticationError = "OT_AUTHENTICATION_ERROR";

    /// <summary>The session id is invalid.</summary>
    public const string InvalidSessionId = "OT_INVALID_SESSION_ID";

    /// <summary>The connection to the session failed.</summary>
    public const string ConnectFailed = "OT_CONNECT_FAILED";

    /// <summary>An operation timed out.</summary>
    public const string Timeout = "OT_TIMEOUT";
}
