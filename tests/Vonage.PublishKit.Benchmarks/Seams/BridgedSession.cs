using System;
using System.Threading;
using System.Threading.Tasks;

namespace Vonage.PublishKit.Benchmarks.Seams;

/// <summary>
/// A session adapter over a callback SDK, bridged the way adapters do it: a <see cref="TaskCompletionSource"/>
/// per call, completed by the SDK's callback (here at once).
/// </summary>
public sealed class BridgedSession : ISession
{
    public event EventHandler<SessionDisconnectedEventArgs>? Disconnected;

    public event EventHandler? Reconnecting;

    public event EventHandler? Reconnected;

    public bool IsConnected => false;

    public Task ConnectAsync(string token, CancellationToken cancellationToken = default) => Bridge();

    public Task PublishAsync(IPublisher publisher, CancellationToken cancellationToken = default) => Bridge();

    public Task UnpublishAsync(IPublisher publisher, CancellationToken cancellationToken = default) => Bridge();

    /// <summary>Never called; keeps the events "used" for the compiler.</summary>
    public void RaiseAll()
    {
        Disconnected?.Invoke(this, new SessionDisconnectedEventArgs(DisconnectReason.Unknown));
        Reconnecting?.Invoke(this, EventArgs.Empty);
        Reconnected?.Invoke(this, EventArgs.Empty);
    }

    internal static Task Bridge()
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        CallbackSdk.Call(error =>
        {
            if (error is null)
            {
                completion.TrySetResult();
            }
            else
            {
                completion.TrySetException(error);
            }
        });
        return completion.Task;
    }
}
