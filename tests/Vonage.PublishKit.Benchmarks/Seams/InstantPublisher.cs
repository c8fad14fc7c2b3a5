using System;
using System.Threading;
using System.Threading.Tasks;

namespace Vonage.PublishKit.Benchmarks.Seams;

/// <summary>A publisher whose initialize has already completed, or (with <c>denyAccess</c>) already failed with a new <see cref="AccessDeniedException"/>, as an adapter would report it.</summary>
public sealed class InstantPublisher(bool denyAccess) : IPublisher
{
    public event EventHandler<StreamDestroyedEventArgs>? StreamDestroyed;

    public string? StreamId => "stream-1";

    public Task InitializeAsync(CancellationToken cancellationToken = default) =>
        denyAccess ? Task.FromException(new AccessDeniedException()) : Task.CompletedTask;

    public ValueTask DisposeAsync() => default;

    /// <summary>Never called; keeps the event "used" for the compiler.</summary>
    public void RaiseStreamDestroyed() => StreamDestroyed?.Invoke(this, new StreamDestroyedEventArgs(StreamDestroyedReason.Unknown));
}
