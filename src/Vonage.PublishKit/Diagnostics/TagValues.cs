namespace Vonage.PublishKit.Diagnostics;

/// <summary>Low-cardinality, snake_case tag values; constants, so tagging allocates no strings.</summary>
internal static class TagValues
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Canceled = "canceled";

    public static string Of(PublishErrorKind kind) => kind switch
    {
        PublishErrorKind.AccessDenied => "access_denied",
        PublishErrorKind.DeviceUnavailable => "device_unavailable",
        PublishErrorKind.NotConnected => "not_connected",
        PublishErrorKind.PeerConnectionFailed => "peer_connection_failed",
        PublishErrorKind.AuthenticationFailed => "authentication_failed",
        PublishErrorKind.ConnectionRejected => "connection_rejected",
        _ => "unknown",
    };

    public static string Of(PublishPhase phase) => phase switch
    {
        PublishPhase.Initialize => "initialize",
        PublishPhase.Connect => "connect",
        _ => "publish",
    };

    public static string Of(StreamDestroyedReason reason) => reason switch
    {
        StreamDestroyedReason.NetworkDisconnected => "network_disconnected",
        StreamDestroyedReason.ClientDisconnected => "client_disconnected",
        StreamDestroyedReason.ForceDisconnected => "force_disconnected",
        StreamDestroyedReason.ForceUnpublished => "force_unpublished",
        StreamDestroyedReason.MediaStopped => "media_stopped",
        _ => "unknown",
    };
}
