using System;

namespace Vonage.PublishKit.Web.Internal;

/// <summary>OpenTok.js's <c>reason</c> strings, mapped as the SDK states them: no inference is needed on the web.</summary>
internal static class WebReasons
{
    public static DisconnectReason Disconnect(string? reason) => reason switch
    {
        "networkDisconnected" => DisconnectReason.NetworkDisconnected,
        "clientDisconnected" => DisconnectReason.ClientDisconnected,
        "forceDisconnected" => DisconnectReason.ForceDisconnected,
        "forceUnpublished" => DisconnectReason.ForceUnpublished,
        "mediaStopped" => DisconnectReason.MediaStopped,
        _ => DisconnectReason.Unknown,
    };

    public static StreamDestroyedReason Stream(string? reason) => reason switch
    {
        "networkDisconnected" => StreamDestroyedReason.NetworkDisconnected,

        // "unpublished" is what the SDK reports after session.unpublish: the app's own doing.
        "clientDisconnected" or "unpublished" => StreamDestroyedReason.ClientDisconnected,
        "forceDisconnected" => StreamDestroyedReason.ForceDisconnected,
        "forceUnpublished" => StreamDestroyedReason.ForceUnpublished,
        "mediaStopped" => StreamDestroyedReason.MediaStopped,
        _ => StreamDestroyedReason.Unknown,
    };

    public static bool Is(string? actual, string expected) => string.Equals(actual, expected, StringComparison.Ordinal);
}
