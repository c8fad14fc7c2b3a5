using System;
using System.Threading;
using System.Threading.Tasks;

namespace Vonage.PublishKit.Benchmarks.Seams;

/// <summary>
/// A session whose connect stays pending until <see cref="Complete"/>, as a session waiting for the server;
/// publish and unpublish complete at once. Completion runs continuations asynchronously, as an adapter's should.
/// </summary>
public sealed class PendingSession : ISession
{
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public event EventHandler<SessionDisconnectedEventArgs>? Disconnected;

    public event EventHandler? Reconnecting;

    public event EventHandler? Reconnected;

    public bool IsConnected => false;

    public Task ConnectAsync(string token, CancellationToken cancellationToken = default) => _connected.Task;

    public Task PublishAsync(IPublisher publisher, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task UnpublishAsync(IPublisher publisher, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public void Complete() => _connected.TrySetResult();

    /// <summary>Never called; keeps the events "used" for the compiler.</summary>
    public void RaiseAll()
    {
        Disconnected?.Invoke(this, new SessionDisconnectedEventArgs(DisconnectReason.Unknown));
        Reconnecting?.Invoke(this, EventArgs.Empty);
        Reconnected?.Invoke(this, EventArgs.Empty);
    }
}
