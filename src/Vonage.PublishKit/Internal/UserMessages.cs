namespace Vonage.PublishKit.Internal;

/// <summary>The end-user messages the Vonage troubleshooting guide recommends, one per kind of failure.</summary>
internal static class UserMessages
{
    public const string AccessDenied = "Please allow access to the Camera and Microphone and try publishing again.";

    public const string DeviceUnavailable = "Failed to get access to your camera or microphone. Please check that your webcam is connected and not being used by another application and try again.";

    public const string NotConnected = "Publishing your video failed. You are not connected to the internet.";

    public const string PeerConnectionFailed = "Publishing your video failed. This could be due to a restrictive firewall.";

    public const string AuthenticationFailed = "Publishing your video failed: the video session did not accept its credentials. Please try again.";

    public const string Unknown = "An unknown error occurred while trying to publish your video. Please try again later.";

    public const string NetworkDisconnected = "Your publisher lost its connection. Please check your internet connection and try publishing again.";

    public static string For(PublishErrorKind kind) => kind switch
    {
        PublishErrorKind.AccessDenied => AccessDenied,
        PublishErrorKind.DeviceUnavailable => DeviceUnavailable,
        PublishErrorKind.NotConnected => NotConnected,
        PublishErrorKind.PeerConnectionFailed => PeerConnectionFailed,
        PublishErrorKind.AuthenticationFailed => AuthenticationFailed,
        _ => Unknown,
    };

    /// <summary>The developer-facing <see cref="System.Exception.Message"/> used when none is given.</summary>
    public static string DeveloperMessageFor(PublishErrorKind kind) => kind switch
    {
        PublishErrorKind.AccessDenied => "The user denied access to the camera or microphone.",
        PublishErrorKind.DeviceUnavailable => "No camera or microphone could be acquired: none is connected, a driver failed, or another application holds it.",
        PublishErrorKind.NotConnected => "The session is not connected: the network is unreachable or the connection was lost.",
        PublishErrorKind.PeerConnectionFailed => "The media connection could not be established, typically because a firewall blocks WebRTC.",
        PublishErrorKind.AuthenticationFailed => "The session rejected the credentials: check the API key, the session id and the token.",
        PublishErrorKind.ConnectionRejected => "The server refused the connection: the connection limit was reached or the region is blocked.",
        _ => "The publish failed for an unknown reason.",
    };
}
