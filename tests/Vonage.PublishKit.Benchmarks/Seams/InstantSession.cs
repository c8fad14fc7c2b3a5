using System;
using System.Threading;
using System.Threading.Tasks;

namespace Vonage.PublishKit.Benchmarks.Seams;

/// <summary>A session whose every call has already completed: the orchestration is all that is left to measure.</summary>
/// <param name="isConnected">False (the default) so every publish runs the connect phase too, the worst case; true for a session connected before.</param>
public sealed class InstantSession(bool isConnected = false) : ISession
{
    public event EventHandler<SessionDisconnectedEventArgs>? Disconnected;

    public event EventHandler? Reconnecting;

    public event EventHandler? Reconnected;

    public bool IsConnected => isConnected;

    public Task ConnectAsync(string token, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task PublishAsync(IPublisher publisher, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task UnpublishAsync(IPublisher publisher, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Never called; keeps the events "used" for the compiler.</summary>
    public void RaiseAll()
    {
        Disconnected?.Invoke(this, new SessionDisconnectedEventArgs(DisconnectReason.Unknown));
        Reconnecting?.Invoke(this, EventArgs.Empty);
        Reconnected?.Invoke(this, EventArgs.Empty);
    }
}
