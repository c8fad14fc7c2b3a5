namespace Vonage.PublishKit;

/// <summary>What went wrong, in terms of what the application or the user can do about it.</summary>
public enum PublishErrorKind
{
    /// <summary>Anything not covered by another kind. Thrown as a base <see cref="PublishException"/>.</summary>
    Unknown = 0,

    /// <summary>The user denied access to the camera or microphone. Thrown as an <see cref="AccessDeniedException"/>.</summary>
    AccessDenied = 1,

    /// <summary>No camera or microphone could be acquired. Thrown as a <see cref="DeviceUnavailableException"/>.</summary>
    DeviceUnavailable = 2,

    /// <summary>The network is unreachable or the session is not connected. Thrown as a <see cref="NotConnectedException"/>.</summary>
    NotConnected = 3,

    /// <summary>The media connection could not be established, typically a firewall. Thrown as a <see cref="PeerConnectionFailedException"/>.</summary>
    PeerConnectionFailed = 4,

    /// <summary>The API key, session id or token was rejected. Thrown as a base <see cref="PublishException"/>; never transient.</summary>
    AuthenticationFailed = 5,

    /// <summary>The server refused the connection (connection limit, blocked region). Thrown as a base <see cref="PublishException"/>.</summary>
    ConnectionRejected = 6,
}
