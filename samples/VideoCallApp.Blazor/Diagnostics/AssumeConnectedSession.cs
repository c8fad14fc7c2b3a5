using Vonage.PublishKit;
using ISession = Vonage.PublishKit.ISession;

namespace VideoCallApp.Blazor.Diagnostics;

/// <summary>
/// A session an app wrongly believes connected: it forwards everything but reports <see cref="IsConnected"/> as true, so
/// the orchestrator publishes without connecting and OpenTok.js answers with its own <c>OT_NOT_CONNECTED</c> (1010), the
/// guide's "not connected" case. The page's "Publish without connecting" switch uses it; real apps never need it.
/// </summary>
internal sealed class AssumeConnectedSession(ISession inner) : ISession
{
    public bool IsConnected => true;

    public event EventHandler<SessionDisconnectedEventArgs>? Disconnected
    {
        add => inner.Disconnected += value;
        remove => inner.Disconnected -= value;
    }

    public event EventHandler? Reconnecting
    {
        add => inner.Reconnecting += value;
        remove => inner.Reconnecting -= value;
    }

    public event EventHandler? Reconnected
    {
        add => inner.Reconnected += value;
        remove => inner.Reconnected -= value;
    }

    public Task ConnectAsync(string token, CancellationToken cancellationToken = default) => inner.ConnectAsync(token, cancellationToken);

    public Task PublishAsync(IPublisher publisher, CancellationToken cancellationToken = default) => inner.PublishAsync(publisher, cancellationToken);

    public Task UnpublishAsync(IPublisher publisher, CancellationToken cancellationToken = default) => inner.UnpublishAsync(publisher, cancellationToken);
}
