namespace Vonage.PublishKit.Web;

/// <summary>The capture resolutions OpenTok.js accepts (its <c>resolution</c> publisher property).</summary>
public enum PublisherResolution
{
    /// <summary>The SDK's default (640×480).</summary>
    SdkDefault = 0,

    /// <summary>320×180.</summary>
    Resolution320x180 = 1,

    /// <summary>320×240.</summary>
    Resolution320x240 = 2,

    /// <summary>640×360.</summary>
    Resolution640x360 = 3,

    /// <summary>640×480.</summary>
    Resolution640x480 = 4,

    /// <summary>1280×720.</summary>
    Resolution1280x720 = 5,

    /// <summary>1280×960.</summary>
    Resolution1280x960 = 6,

    /// <summary>1920×1080.</summary>
    Resolution1920x1080 = 7,
}
