using System;
using System.Threading;
using System.Threading.Tasks;

namespace Vonage.PublishKit.Internal;

/// <summary>
/// One publish attempt and, when it succeeds, the publication it becomes: the publisher it created, the
/// tokens that stop it, and the one-shot release of its publisher. Fields that change after construction
/// are guarded by the orchestrator's lock.
/// </summary>
internal sealed class PublishAttempt : IDisposable
{
    private readonly TaskCompletionSource<bool> _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _releaseStarted;

    public PublishAttempt(CancellationToken callerToken, CancellationToken disposeToken)
    {
        CallerToken = callerToken;
        Cancellation = CancellationTokenSource.CreateLinkedTokenSource(callerToken, disposeToken);
    }

    /// <summary>Gets the caller's token, so its cancellation surfaces as the caller's own.</summary>
    public CancellationToken CallerToken { get; }

    /// <summary>Gets the source that stops the attempt: the caller's token, disposal, or <c>UnpublishAsync</c>.</summary>
    public CancellationTokenSource Cancellation { get; }

    /// <summary>Gets or sets the publisher the attempt created.</summary>
    public IPublisher? Publisher { get; set; }

    /// <summary>Gets or sets the handler subscribed to the publisher's <see cref="IPublisher.StreamDestroyed"/>.</summary>
    public EventHandler<StreamDestroyedEventArgs>? StreamDestroyedHandler { get; set; }

    /// <summary>Gets or sets a value indicating whether the session was asked to publish.</summary>
    public bool InPublishPhase { get; set; }

    /// <summary>Gets or sets why the stream ended while the attempt was still completing, if it did.</summary>
    public StreamDestroyedReason? PendingLoss { get; set; }

    /// <summary>Gets or sets the published stream once the attempt succeeded.</summary>
    public PublishedStream? Stream { get; set; }

    /// <summary>Gets or sets a value indicating whether <c>UnpublishAsync</c> stopped the attempt.</summary>
    public bool StoppedByUnpublish { get; set; }

    /// <summary>Gets a task that completes once the publisher is released (or was never created).</summary>
    public Task Released => _released.Task;

    /// <summary>Claims the one release of the publisher; only the first caller gets true.</summary>
    public bool TryBeginRelease() => Interlocked.Exchange(ref _releaseStarted, 1) == 0;

    /// <summary>Marks the publisher released.</summary>
    public void MarkReleased() => _released.TrySetResult(true);

    public void Dispose() => Cancellation.Dispose();
}
