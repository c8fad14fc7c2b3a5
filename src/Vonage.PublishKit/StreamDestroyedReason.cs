namespace Vonage.PublishKit;

/// <summary>Why a published stream was destroyed.</summary>
public enum StreamDestroyedReason
{
    /// <summary>The reason is not known.</summary>
    Unknown = 0,

    /// <summary>The network connection was lost.</summary>
    NetworkDisconnected = 1,

    /// <summary>The application unpublished the stream or disconnected the session.</summary>
    ClientDisconnected = 2,

    /// <summary>A moderator or the server disconnected this client.</summary>
    ForceDisconnected = 3,

    /// <summary>A moderator or the server stopped this stream.</summary>
    ForceUnpublished = 4,

    /// <summary>The media stopped flowing, for example because the camera was unplugged.</summary>
    MediaStopped = 5,
}
