using System;
using System.Threading;
using System.Threading.Tasks;

namespace Vonage.PublishKit.Benchmarks.Seams;

/// <summary>A session whose connect and publish take a fixed wall-clock time; unpublish completes at once.</summary>
public sealed class DelaySession(TimeSpan connect, TimeSpan publish) : ISession
{
    public event EventHandler<SessionDisconnectedEventArgs>? Disconnected;

    public event EventHandler? Reconnecting;

    public event EventHandler? Reconnected;

    public bool IsConnected => false;

    public Task ConnectAsync(string token, CancellationToken cancellationToken = default) => Task.Delay(connect, cancellationToken);

    public Task PublishAsync(IPublisher publisher, CancellationToken cancellationToken = default) => Task.Delay(publish, cancellationToken);

    public Task UnpublishAsync(IPublisher publisher, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Never called; keeps the events "used" for the compiler.</summary>
    public void RaiseAll()
    {
        Disconnected?.Invoke(this, new SessionDisconnectedEventArgs(DisconnectReason.Unknown));
        Reconnecting?.Invoke(this, EventArgs.Empty);
        Reconnected?.Invoke(this, EventArgs.Empty);
    }
}
