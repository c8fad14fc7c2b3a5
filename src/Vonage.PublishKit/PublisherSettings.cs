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

    /// <summary>Gets or sets the camera to publish from, by the id or the name the SDK lists it with.</summary>
    /// <remarks>An adapter that cannot find it fails the initialize phase with a <see cref="DeviceUnavailableException"/>.</remarks>
    /// <value>The default value is <see langword="null"/>: the SDK's default camera.</value>
    public string? Camera { get; set; }

    /// <summary>Gets or sets the microphone to publish from, by the id or the name the SDK lists it with.</summary>
    /// <remarks>An adapter that cannot find it fails the initialize phase with a <see cref="DeviceUnavailableException"/>.</remarks>
    /// <value>The default value is <see langword="null"/>: the system's default microphone.</value>
    public string? Microphone { get; set; }

    /// <summary>Creates a copy, so later changes to these settings do not affect a running orchestrator.</summary>
    /// <summary>Whether <paramref name="other"/> holds the same values (a factory may have changed the copy it was given).</summary>
    internal bool HasSameValues(PublisherSettings other) =>
        Name == other.Name && PublishAudio == other.PublishAudio && PublishVideo == other.PublishVideo && Camera == other.Camera && Microphone == other.Microphone;

    internal PublisherSettings Clone() => new() { Name = Name, PublishAudio = PublishAudio, PublishVideo = PublishVideo, Camera = Camera, Microphone = Microphone };
}
