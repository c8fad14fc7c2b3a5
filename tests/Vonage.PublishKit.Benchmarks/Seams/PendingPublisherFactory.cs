using System;
using System.Threading;
using System.Threading.Tasks;

namespace Vonage.PublishKit.Benchmarks.Seams;

/// <summary>Creates one publisher whose initialize stays pending until <see cref="Complete"/> (a camera being acquired).</summary>
public sealed class PendingPublisherFactory : IPublisherFactory, IPublisher
{
    private readonly TaskCompletionSource _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public event EventHandler<StreamDestroyedEventArgs>? StreamDestroyed;

    public string? StreamId => "stream-1";

    /// <summary>The factory is its own (single) publisher, to keep the seams' footprint out of the per-attempt numbers.</summary>
    public IPublisher CreatePublisher(PublisherSettings settings) => this;

    public Task InitializeAsync(CancellationToken cancellationToken = default) => _initialized.Task;

    public ValueTask DisposeAsync() => default;

    public void Complete() => _initialized.TrySetResult();

    /// <summary>Never called; keeps the event "used" for the compiler.</summary>
    public void RaiseStreamDestroyed() => StreamDestroyed?.Invoke(this, new StreamDestroyedEventArgs(StreamDestroyedReason.Unknown));
}
