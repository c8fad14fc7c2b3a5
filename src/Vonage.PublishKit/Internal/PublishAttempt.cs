using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Vonage.PublishKit.Internal;

/// <summary>
/// One publish (a <see cref="PublishOrchestrator.PublishAsync"/> call, or a republish after a network loss)
/// and, when it succeeds, the publication it becomes: the publisher of its current try, what stops it, and
/// the one-shot release at its end. Fields that change after construction are guarded by the orchestrator's lock.
/// </summary>
internal sealed class PublishAttempt : IDisposable
{
    // Created only when someone waits before the release ends (most releases end before anyone asks).
    private TaskCompletionSource<bool>? _released;
    private int _isReleased;

    // Span contexts exist only when a listener records spans (or a republish links to one): held apart, so an
    // attempt without them is smaller.
    private Traces? _traces;
    private int _releaseStarted;
    private int _tries;
    private int _inTry;

    // What stops the attempt, canceled only by Stop: sources of our own, not linked, so a publish registers nothing
    // on the orchestrator's or the caller's token unless the caller's can cancel.
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenRegistration _callerStop;
    private CancellationTokenSource? _currentTry;
    private TryRun? _pendingTry;
    private bool _trySucceeded;
    private bool _inPublishPhase;

    public PublishAttempt(bool isRepublish, string? token, ActivityContext lostTrace, CancellationToken callerToken)
    {
        IsRepublish = isRepublish;
        Token = token;
        if (lostTrace != default)
        {
            _traces = new Traces { Lost = lostTrace };
        }

        CallerToken = callerToken;
        StopToken = _stop.Token;
        if (callerToken.CanBeCanceled)
        {
            _callerStop = callerToken.UnsafeRegister(static state => ((PublishAttempt)state!).Stop(), this);
        }
    }

    /// <summary>Gets a value indicating whether the orchestrator started this attempt itself after a network loss.</summary>
    public bool IsRepublish { get; }

    /// <summary>Gets the state the orchestrator is in while the attempt runs.</summary>
    public PublishState RunningState => IsRepublish ? PublishState.Republishing : PublishState.Publishing;

    /// <summary>Gets the session token: the caller's, or for a republish the last one, used when no provider is set.</summary>
    public string? Token { get; }

    /// <summary>
    /// Gets the span context of the publish whose stream a republish replaces, for a trace link. A context, not
    /// the attempt, so that repeated republishing does not chain every past attempt.
    /// </summary>
    public ActivityContext LostTrace => _traces?.Lost ?? default;

    /// <summary>Gets the caller's token, so its cancellation surfaces as the caller's own.</summary>
    public CancellationToken CallerToken { get; }

    /// <summary>Gets the token that <see cref="Stop"/> cancels: the caller's token, disposal, or a stop.</summary>
    /// <remarks>Read once: an app's pipeline may run a try after the attempt ended, when its source is disposed and would throw.</remarks>
    public CancellationToken StopToken { get; }

    /// <summary>Gets or sets a value indicating whether the app's pipeline was abandoned while it ran (it keeps its context).</summary>
    public bool PipelineAbandoned { get; set; }

    /// <summary>Gets or sets when the attempt started (its first try starts then too).</summary>
    public long Started { get; set; }

    /// <summary>Gets or sets the latest try that had to wait, which a stop wakes; one that ended ignores the wake.</summary>
    public TryRun? PendingTry
    {
        get => Volatile.Read(ref _pendingTry);
        set => Interlocked.Exchange(ref _pendingTry, value);
    }

    /// <summary>Gets or sets the publisher of the current try.</summary>
    public IPublisher? Publisher { get; set; }

    /// <summary>Gets or sets the handler subscribed to <see cref="Publisher"/>'s <see cref="IPublisher.StreamDestroyed"/>.</summary>
    public EventHandler<StreamDestroyedEventArgs>? StreamDestroyedHandler { get; set; }

    /// <summary>Gets or sets a value indicating whether the try that created <see cref="Publisher"/> succeeded.</summary>
    public bool TrySucceeded
    {
        get => Volatile.Read(ref _trySucceeded);
        set => Volatile.Write(ref _trySucceeded, value);
    }

    /// <summary>Gets or sets a value indicating whether the latest try asked the session to publish; reset when a try creates its publisher.</summary>
    public bool InPublishPhase
    {
        get => Volatile.Read(ref _inPublishPhase);
        set => Volatile.Write(ref _inPublishPhase, value);
    }

    /// <summary>Gets or sets why the stream ended while the outcome was still open (publishing, reconnecting).</summary>
    public StreamDestroyedReason? PendingLoss { get; set; }

    /// <summary>Gets or sets the context of the attempt's span, so a republish can link to the publish it replaces.</summary>
    public ActivityContext TraceContext
    {
        get => _traces?.Context ?? default;
        // Stryker disable once Assignment : Lost is read only as the span starts, before Context is set; a new holder loses nothing anyone reads.
        set => (_traces ??= new Traces()).Context = value;
    }

    /// <summary>Gets or sets the published stream once the attempt succeeded.</summary>
    public PublishedStream? Stream { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the attempt's final release began: a try still running (inside a
    /// pipeline that was abandoned) must not hand it a new publisher after that.
    /// </summary>
    public bool Closed { get; set; }

    /// <summary>Gets or sets what stopped the attempt, if <c>UnpublishAsync</c> or a new <c>PublishAsync</c> did.</summary>
    public string? StoppedBy { get; set; }

    /// <summary>Gets a task that completes once the attempt's publishers are released and its outcome is settled.</summary>
    public Task Released
    {
        get
        {
            if (Volatile.Read(ref _isReleased) != 0)
            // Stryker disable once Block : without the fast path the source is created and, seen released just below, completed: the same completed task, one allocation more.
            {
                return Task.CompletedTask;
            }

            var released = Volatile.Read(ref _released);
            if (released is null)
            {
                var created = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                released = Interlocked.CompareExchange(ref _released, created, null) ?? created;
            }

            // Read after publishing the source: a release that ended meanwhile may have missed it.
            if (Volatile.Read(ref _isReleased) != 0)
            {
                released.TrySetResult(true);
            }

            return released.Task;
        }
    }

    /// <summary>Marks a try running; <see langword="false"/> when another one already is.</summary>
    public bool TryEnterTry() => Interlocked.CompareExchange(ref _inTry, 1, 0) == 0;

    public void ExitTry() => Volatile.Write(ref _inTry, 0);

    /// <summary>Counts a new try and returns its number, from 1.</summary>
    public int NextTry() => Interlocked.Increment(ref _tries);

    /// <summary>Claims the one final release; only the first caller gets true.</summary>
    public bool TryBeginRelease() => Interlocked.Exchange(ref _releaseStarted, 1) == 0;

    /// <summary>Marks the attempt released.</summary>
    public void MarkReleased()
    {
        // A full fence before reading the source: a waiter that created it either is seen here or sees the flag.
        Interlocked.Exchange(ref _isReleased, 1);
        // Stryker disable once Boolean : nobody reads the value, only the completion.
        Volatile.Read(ref _released)?.TrySetResult(true);
    }

    /// <summary>Stops the attempt and its running try (the caller canceled, disposal, <c>UnpublishAsync</c>, a new publish).</summary>
    public void Stop()
    {
        PhaseRunner.Cancel(_stop);

        // After the stop is visible: a try that begins meanwhile sees it (BeginTry), or is seen here.
        StopTry();
    }

    /// <summary>Stops the running try only (an app's pipeline canceled the token it gave the try), waking it if it waits.</summary>
    public void StopTry()
    {
        PhaseRunner.Cancel(Volatile.Read(ref _currentTry));
        PendingTry?.Wake();
    }

    /// <summary>The source of a new try: canceled by <see cref="Stop"/>, and by the try itself when it ends.</summary>
    public CancellationTokenSource BeginTry()
    {
        var source = new CancellationTokenSource();
        Interlocked.Exchange(ref _currentTry, source);
        if (_stop.IsCancellationRequested)
        {
            PhaseRunner.Cancel(source);
        }

        return source;
    }

    public void EndTry(CancellationTokenSource source)
    {
        // Stryker disable once Statement : a disposed source left current only makes a later stop's Cancel throw ObjectDisposedException, which Cancel ignores.
        Interlocked.CompareExchange(ref _currentTry, null, source);
        // Stryker disable once Statement : the try's source has no timer and is no longer current; undisposed, it is collected all the same.
        source.Dispose();
    }

    public void Dispose()
    {
        _callerStop.Unregister();
        _stop.Dispose();
    }

    private sealed class Traces
    {
        public ActivityContext Lost { get; set; }

        public ActivityContext Context { get; set; }
    }
}
