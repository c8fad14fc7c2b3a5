using System;
using Vonage.PublishKit.Internal;

namespace Vonage.PublishKit;

/// <summary>Data for <see cref="PublishOrchestrator.NetworkDisconnected"/>: a published stream was lost to the network.</summary>
public class NetworkDisconnectedEventArgs : EventArgs
{
    /// <summary>The troubleshooting guide's message for a lost stream, the default <see cref="UserMessage"/>.</summary>
    public const string DefaultUserMessage = UserMessages.NetworkDisconnected;

    /// <summary>Initializes a new instance of the <see cref="NetworkDisconnectedEventArgs"/> class.</summary>
    /// <param name="publisher">The publisher whose stream was lost.</param>
    /// <param name="streamId">The identifier of the lost stream, if it was known.</param>
    /// <param name="userMessage">The message for the end user, or <see langword="null"/> for the troubleshooting guide's.</param>
    /// <exception cref="ArgumentNullException"><paramref name="publisher"/> is <see langword="null"/>.</exception>
    public NetworkDisconnectedEventArgs(IPublisher publisher, string? streamId, string? userMessage = null)
    {
        Publisher = publisher ?? throw new ArgumentNullException(nameof(publisher));
        StreamId = streamId;
        UserMessage = userMessage ?? UserMessages.NetworkDisconnected;
    }

    /// <summary>
    /// Gets the publisher whose stream was lost. The orchestrator releases it right after raising the event,
    /// so handlers must not keep it.
    /// </summary>
    public IPublisher Publisher { get; }

    /// <summary>Gets the identifier of the lost stream, or <see langword="null"/> if it was never known.</summary>
    public string? StreamId { get; }

    /// <summary>Gets the message to show the end user.</summary>
    public string UserMessage { get; }
}
