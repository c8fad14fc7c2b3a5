using System.Collections.Generic;

namespace Vonage.PublishKit.Web.Internal;

/// <summary>Builds the properties object of <c>OT.initPublisher</c> from the core's settings and the typed web options.</summary>
internal static class PublisherProperties
{
    public static Dictionary<string, object?> Build(PublisherSettings settings, WebPublisherOptions options)
    {
        var properties = new Dictionary<string, object?>
        {
            ["publishAudio"] = settings.PublishAudio,
            ["publishVideo"] = settings.PublishVideo,
            ["insertMode"] = InsertMode(options.InsertMode),
            ["insertDefaultUI"] = options.InsertDefaultUI,
            ["mirror"] = options.Mirror,
            ["width"] = "100%",
            ["height"] = "100%",
        };

        // A source that is not published is not acquired either: no prompt, no device light for it.
        if (!settings.PublishAudio)
        {
            properties["audioSource"] = null;
        }

        if (!settings.PublishVideo)
        {
            properties["videoSource"] = null;
        }

        if (settings.Name is { } name)
        {
            properties["name"] = name;
        }

        if (Resolution(options.Resolution) is { } resolution)
        {
            properties["resolution"] = resolution;
        }

        return properties;
    }

    private static string InsertMode(PublisherInsertMode mode) => mode switch
    {
        PublisherInsertMode.After => "after",
        PublisherInsertMode.Before => "before",
        PublisherInsertMode.Append => "append",
        _ => "replace",
    };

    private static string? Resolution(PublisherResolution resolution) => resolution switch
    {
        PublisherResolution.Resolution320x180 => "320x180",
        PublisherResolution.Resolution320x240 => "320x240",
        PublisherResolution.Resolution640x360 => "640x360",
        PublisherResolution.Resolution640x480 => "640x480",
        PublisherResolution.Resolution1280x720 => "1280x720",
        PublisherResolution.Resolution1280x960 => "1280x960",
        PublisherResolution.Resolution1920x1080 => "1920x1080",
        _ => null,
    };
}
