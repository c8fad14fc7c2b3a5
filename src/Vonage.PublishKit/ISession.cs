using System;
using System.Threading;
using System.Threading.Tasks;

namespace Vonage.PublishKit;

/// <summary>
/// A Vonage Video session, as the orchestrator sees it. Adapters implement it over the real SDK;
/// test authors mock it.
/// </summary>
/// <remarks>
/// Implementations may complete their tasks and raise <see cref="Disconnected"/> on any thread.
/// The orchestrator never disconnects a session: the session belongs to the caller.
/// </remarks>
public interface ISession
{
    /// <summary>Gets a value indicating whether the session is connected, so that connecting again is unnecessary.</summary>
    bool IsConnected { get; }

    /// <summary>Connects to the session.</summary>
    /// <param name="token">The client token. It is a secret: implementations must not log or echo it.</param>
    /// <param name="cancellationToken">Cancels the connection attempt.</param>
    /// <returns>A task that completes when the session is connected.</returns>
    /// <exception cref="PublishException">The connection failed; typically a <see cref="NotConnectedException"/>.</exception>
    Task ConnectAsync(string token, CancellationToken cancellationToken = default);

    /// <summary>Publishes an initialized publisher's stream into the session.</summary>
    /// <param name="publisher">The publisher whose stream to publish.</param>
    /// <param name="cancellationToken">Cancels the publish attempt.</param>
    /// <returns>A task that completes when the stream is created and <see cref="IPublisher.StreamId"/> is set.</returns>
    /// <exception cref="PublishException">The publish failed; typically a <see cref="NotConnectedException"/> or a <see cref="PeerConnectionFailedException"/>.</exception>
    Task PublishAsync(IPublisher publisher, CancellationToken cancellationToken = default);

    /// <summary>Stops publishing a publisher's stream.</summary>
    /// <param name="publisher">The publisher whose stream to unpublish.</param>
    /// <param name="cancellationToken">Cancels waiting for the session to acknowledge.</param>
    /// <returns>A task that completes when the stream is unpublished.</returns>
    Task UnpublishAsync(IPublisher publisher, CancellationToken cancellationToken = default);

    /// <summary>Occurs when the session is disconnected, with the reason.</summary>
    event EventHandler<SessionDisconnectedEventArgs>? Disconnected;

    /// <summary>
    /// Occurs when the connection dropped and the SDK started reconnecting by itself (the Windows SDK's
    /// <c>ReconnectionStart</c>). Either <see cref="Reconnected"/> or <see cref="Disconnected"/> follows.
    /// </summary>
    event EventHandler? Reconnecting;

    /// <summary>Occurs when the SDK reconnected the session by itself (the Windows SDK's <c>ReconnectionSuccess</c>).</summary>
    event EventHandler? Reconnected;
}
