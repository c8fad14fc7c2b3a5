using System;
using System.Collections.Generic;
using OpenTok;

namespace Vonage.PublishKit.OpenTok;

/// <summary>Options of <see cref="OpenTokSession"/> and <see cref="OpenTokPublisherFactory"/>. They are copied when those are created.</summary>
public sealed class OpenTokOptions
{
    /// <summary>
    /// Gets or sets a mapping consulted before the built-in one (<see cref="PublishErrors.FromSdkError"/>, by numeric
    /// code): return an exception to use it, or <see langword="null"/> to fall back to the built-in mapping.
    /// </summary>
    /// <remarks>
    /// It may run on the SDK's dispatcher thread, under the publisher's lock: it must be fast and must not block. One that
    /// throws counts as returning <see langword="null"/>. The <see cref="OpenTokError.Description"/> it sees is already redacted.
    /// </remarks>
    /// <value>The default value is <see langword="null"/>: the built-in mapping only.</value>
    public Func<OpenTokError, PublishException?>? ErrorMapper { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether <see cref="IPublisher.InitializeAsync"/> lists the cameras (when publishing
    /// video) and microphones (when publishing audio) first and fails fast with a <see cref="DeviceUnavailableException"/>
    /// when there are none.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool CheckDevicesBeforeInitialize { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether <see cref="IPublisher.InitializeAsync"/>, when publishing audio, selects the
    /// microphone with <c>AudioDevice.SetInputAudioDevice</c> as every official sample does: the one
    /// <see cref="PublisherSettings.Microphone"/> names, else the system default. The SDK's selection is process-wide: set
    /// this to <see langword="false"/> when the app selects the microphone itself (a named microphone is still selected).
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool SelectInputAudioDevice { get; set; } = true;

    /// <summary>
    /// Gets or sets a callback that completes each <c>Publisher.Builder</c> before the publisher is built: set its
    /// <c>Renderer</c> (the preview control) or <c>Capturer</c> here. The stream name is already set from <see cref="PublisherSettings.Name"/>.
    /// </summary>
    /// <remarks>It runs after the adapter set <c>HasAudioTrack</c>, <c>HasVideoTrack</c> and, when <see cref="PublisherSettings.Camera"/> names one, <c>Capturer</c>.</remarks>
    /// <value>The default value is <see langword="null"/>: the SDK's defaults (the first camera, no preview).</value>
    public Action<Publisher.Builder>? ConfigurePublisher { get; set; }

    /// <summary>
    /// Gets the session error codes that mean the connection was lost, so that the <c>Disconnected</c> that follows
    /// is reported as <see cref="DisconnectReason.NetworkDisconnected"/>.
    /// </summary>
    /// <value>The default value is { 1022 } (<see cref="SdkErrorCodes.ConnectionDropped"/>).</value>
    public ICollection<int> ConnectionLostErrorCodes { get; } = new HashSet<int> { SdkErrorCodes.ConnectionDropped };

    /// <summary>
    /// Gets or sets the reason reported when the publisher's stream is destroyed without the app unpublishing it or
    /// disconnecting the session. The Windows SDK gives no reason; a lost network is by far the most common cause.
    /// </summary>
    /// <value>The default value is <see cref="StreamDestroyedReason.NetworkDisconnected"/>.</value>
    public StreamDestroyedReason UnexpectedStreamDestroyedReason { get; set; } = StreamDestroyedReason.NetworkDisconnected;

    /// <summary>
    /// Gets or sets the reason reported when the session is disconnected without the app disconnecting it, without a
    /// failed reconnection and without a connection-lost error (<see cref="ConnectionLostErrorCodes"/>): a network
    /// that failed at once, or a moderator's force-disconnect. The Windows SDK does not say which.
    /// </summary>
    /// <value>The default value is <see cref="DisconnectReason.NetworkDisconnected"/>.</value>
    public DisconnectReason UnexpectedDisconnectReason { get; set; } = DisconnectReason.NetworkDisconnected;
}
