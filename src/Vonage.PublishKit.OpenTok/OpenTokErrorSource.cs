namespace Vonage.PublishKit.OpenTok;

/// <summary>Which SDK object reported an <see cref="OpenTokError"/>.</summary>
public enum OpenTokErrorSource
{
    /// <summary>The session: its <c>Error</c> event or an <c>OpenTokException</c> thrown by one of its methods.</summary>
    Session = 0,

    /// <summary>The publisher: its <c>Error</c> event or an <c>OpenTokException</c> thrown while building it.</summary>
    Publisher = 1,
}
