using System;
using System.Threading;
using System.Threading.Tasks;

namespace Vonage.PublishKit.Benchmarks.Seams;

/// <summary>A publisher adapter whose initialize is bridged from an SDK callback through a <see cref="TaskCompletionSource"/>.</summary>
public sealed class BridgedPublisher : IPublisher
{
    public event EventHandler<StreamDestroyedEventArgs>? StreamDestroyed;

    public string? StreamId => "stream-1";

    public Task InitializeAsync(CancellationToken cancellationToken = default) => BridgedSession.Bridge();

    public ValueTask DisposeAsync() => default;

    /// <summary>Never called; keeps the event "used" for the compiler.</summary>
    public void RaiseStreamDestroyed() => StreamDestroyed?.Invoke(this, new StreamDestroyedEventArgs(StreamDestroyedReason.Unknown));
}
