using System;
using OpenTok;
using Vonage.PublishKit.OpenTok.Internal;

namespace Vonage.PublishKit.OpenTok;

/// <summary>
/// <see cref="IPublisherFactory"/> for the Vonage Video Windows SDK: each publisher lists the devices (optionally) and builds an
/// <c>OpenTok.Publisher</c> in <see cref="IPublisher.InitializeAsync"/>, and is published with an <see cref="OpenTokSession"/>.
/// </summary>
/// <remarks>
/// <see cref="IPublisher.InitializeAsync"/> checks and selects the devices first (<see cref="OpenTokOptions.CheckDevicesBeforeInitialize"/>,
/// <see cref="OpenTokOptions.SelectInputAudioDevice"/>, <see cref="PublisherSettings.Camera"/>, <see cref="PublisherSettings.Microphone"/>)
/// and builds the SDK publisher with an audio track only when publishing audio and a video track only when publishing video.
/// Disposing a publisher unpublishes it if needed, then disposes the SDK publisher and the capturer it created, once. A publisher error the SDK reports before
/// the publish fails the next <see cref="ISession.PublishAsync"/> with the mapped exception (phase <see cref="PublishPhase.Initialize"/>).
/// </remarks>
public sealed class OpenTokPublisherFactory : IPublisherFactory
{
    private readonly Context _context;
    private readonly AdapterSettings _settings;

    /// <summary>Initializes a new instance with default <see cref="OpenTokOptions"/>.</summary>
    /// <param name="context">The SDK context, for example <c>new Context(new WPFDispatcher())</c>. The caller keeps ownership.</param>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    public OpenTokPublisherFactory(Context context)
        : this(context, null)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="context">The SDK context, for example <c>new Context(new WPFDispatcher())</c>. The caller keeps ownership.</param>
    /// <param name="options">Device pre-flight, builder configuration (renderer, capturer) and error mapping; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    public OpenTokPublisherFactory(Context context, OpenTokOptions? options)
    {
        _context = context ?? throw new ArgumentNullException(nameof(context));
        _settings = new AdapterSettings(options);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is <see langword="null"/>.</exception>
    public IPublisher CreatePublisher(PublisherSettings settings)
    {
        if (settings is null)
        {
            throw new ArgumentNullException(nameof(settings));
        }

        var copy = new PublisherSettings
        {
            Name = settings.Name,
            PublishAudio = settings.PublishAudio,
            PublishVideo = settings.PublishVideo,
            Camera = settings.Camera,
            Microphone = settings.Microphone,
        };
        return new OpenTokPublisher(_context, copy, _settings);
    }
}
