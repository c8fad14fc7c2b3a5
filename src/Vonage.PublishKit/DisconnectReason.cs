namespace Vonage.PublishKit;

/// <summary>Why a session was disconnected.</summary>
public enum DisconnectReason
{
    /// <summary>The reason is not known.</summary>
    Unknown = 0,

    /// <summary>The network connection was lost.</summary>
    NetworkDisconnected = 1,

    /// <summary>The application disconnected the session.</summary>
    ClientDisconnected = 2,

    /// <summary>A moderator or the server disconnected this client.</summary>
    ForceDisconnected = 3,

    /// <summary>A moderator or the server stopped this client's stream.</summary>
    ForceUnpublished = 4,

    /// <summary>The media stopped flowing.</summary>
    MediaStopped = 5,
}
