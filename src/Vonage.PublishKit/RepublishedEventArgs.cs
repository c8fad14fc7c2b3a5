using System;

namespace Vonage.PublishKit;

/// <summary>Data for <see cref="PublishOrchestrator.Republished"/>: the orchestrator published again after a network loss.</summary>
public class RepublishedEventArgs : EventArgs
{
    /// <summary>Initializes a new instance of the <see cref="RepublishedEventArgs"/> class.</summary>
    /// <param name="stream">The new published stream.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    public RepublishedEventArgs(PublishedStream stream) => Stream = stream ?? throw new ArgumentNullException(nameof(stream));

    /// <summary>Gets the new published stream.</summary>
    public PublishedStream Stream { get; }
}
