using System;

namespace Vonage.PublishKit;

/// <summary>Data for <see cref="IPublisher.StreamDestroyed"/>.</summary>
public class StreamDestroyedEventArgs : EventArgs
{
    /// <summary>Initializes a new instance of the <see cref="StreamDestroyedEventArgs"/> class.</summary>
    /// <param name="reason">Why the stream was destroyed.</param>
    public StreamDestroyedEventArgs(StreamDestroyedReason reason) => Reason = reason;

    /// <summary>Gets why the stream was destroyed.</summary>
    public StreamDestroyedReason Reason { get; }
}
