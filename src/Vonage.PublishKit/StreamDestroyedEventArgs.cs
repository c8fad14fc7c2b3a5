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

    /// <summary>
    /// Gets why a published stream ended when its session disconnected for <paramref name="sessionReason"/>: the
    /// reason an adapter reports in <see cref="IPublisher.StreamDestroyed"/>, and the one the orchestrator uses.
    /// </summary>
    /// <param name="sessionReason">Why the session disconnected.</param>
    /// <returns>The stream's reason; <see cref="StreamDestroyedReason.Unknown"/> for a reason without a match.</returns>
    public static StreamDestroyedReason ReasonFor(DisconnectReason sessionReason) => sessionReason switch
    {
        DisconnectReason.NetworkDisconnected => StreamDestroyedReason.NetworkDisconnected,
        DisconnectReason.ClientDisconnected => StreamDestroyedReason.ClientDisconnected,
        DisconnectReason.ForceDisconnected => StreamDestroyedReason.ForceDisconnected,
        DisconnectReason.ForceUnpublished => StreamDestroyedReason.ForceUnpublished,
        DisconnectReason.MediaStopped => StreamDestroyedReason.MediaStopped,
        _ => StreamDestroyedReason.Unknown,
    };
}
