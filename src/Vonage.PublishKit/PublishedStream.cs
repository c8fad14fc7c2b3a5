using System;
using System.Diagnostics.CodeAnalysis;

namespace Vonage.PublishKit;

/// <summary>A successfully published stream, and how long each phase of publishing it took.</summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "The name is part of the public contract; it is a published media stream, not a System.IO.Stream.")]
public class PublishedStream
{
    /// <summary>Initializes a new instance of the <see cref="PublishedStream"/> class.</summary>
    /// <param name="publisher">The publisher whose stream is published.</param>
    /// <param name="streamId">The identifier of the published stream, if the session reported one.</param>
    /// <param name="initializeDuration">How long acquiring the camera and microphone took.</param>
    /// <param name="connectDuration">How long connecting the session took; <see cref="TimeSpan.Zero"/> when it was already connected.</param>
    /// <param name="publishDuration">How long publishing took once both were ready.</param>
    /// <param name="totalDuration">How long the whole call took, retries included.</param>
    /// <exception cref="ArgumentNullException"><paramref name="publisher"/> is <see langword="null"/>.</exception>
    public PublishedStream(IPublisher publisher, string? streamId, TimeSpan initializeDuration, TimeSpan connectDuration, TimeSpan publishDuration, TimeSpan totalDuration)
    {
        Publisher = publisher ?? throw new ArgumentNullException(nameof(publisher));
        StreamId = streamId;
        InitializeDuration = initializeDuration;
        ConnectDuration = connectDuration;
        PublishDuration = publishDuration;
        TotalDuration = totalDuration;
    }

    /// <summary>Gets the publisher. The orchestrator owns it and releases it on unpublish, on loss and on dispose.</summary>
    public IPublisher Publisher { get; }

    /// <summary>Gets the identifier of the published stream, or <see langword="null"/> if the session reported none.</summary>
    public string? StreamId { get; }

    /// <summary>Gets how long acquiring the camera and microphone took (in the try that succeeded, when there were retries).</summary>
    public TimeSpan InitializeDuration { get; }

    /// <summary>Gets how long connecting the session took; <see cref="TimeSpan.Zero"/> when it was already connected.</summary>
    public TimeSpan ConnectDuration { get; }

    /// <summary>Gets how long publishing took once the devices were ready and the session connected.</summary>
    public TimeSpan PublishDuration { get; }

    /// <summary>
    /// Gets how long the whole call took, retries and the delays between them included. With one try it is about
    /// the larger of <see cref="InitializeDuration"/> and <see cref="ConnectDuration"/>, plus <see cref="PublishDuration"/>,
    /// because the first two overlap; the three phases are always those of the try that succeeded.
    /// </summary>
    public TimeSpan TotalDuration { get; }
}
