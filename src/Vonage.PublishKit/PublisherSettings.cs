namespace Vonage.PublishKit;

/// <summary>What a publisher publishes.</summary>
public sealed class PublisherSettings
{
    /// <summary>Gets or sets the stream's display name.</summary>
    /// <value>The default value is <see langword="null"/>: no name.</value>
    public string? Name { get; set; }

    /// <summary>Gets or sets a value indicating whether to publish audio from the microphone.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool PublishAudio { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether to publish video from the camera.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool PublishVideo { get; set; } = true;

    /// <summary>Creates a copy, so later changes to these settings do not affect a running orchestrator.</summary>
    internal PublisherSettings Clone() => new() { Name = Name, PublishAudio = PublishAudio, PublishVideo = PublishVideo };
}
