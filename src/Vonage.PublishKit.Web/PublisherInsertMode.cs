namespace Vonage.PublishKit.Web;

/// <summary>Where OpenTok.js puts the publisher's video relative to the target element (its <c>insertMode</c>).</summary>
public enum PublisherInsertMode
{
    /// <summary>The video element replaces the target element (the SDK's default).</summary>
    Replace = 0,

    /// <summary>The video element is inserted after the target element.</summary>
    After = 1,

    /// <summary>The video element is inserted before the target element.</summary>
    Before = 2,

    /// <summary>The video element is appended inside the target element, which the app keeps.</summary>
    Append = 3,
}
