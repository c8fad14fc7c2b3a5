using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Vonage.PublishKit.Internal;

/// <summary>
/// The orchestrator's state and every transition with its guard, under one lock: which attempt is current, what
/// it holds, and which attempts are not yet released. Nothing here calls out; callers raise events and call seams
/// after a transition returns. What an attempt holds (its publisher, its phase) changes here too, in
/// PublishStateMachine.Attempts.cs, so that a transition always sees it whole.
/// </summary>
internal sealed partial class PublishStateMachine
{
    private readonly object _gate = new();
    // Rarely more than two (one releasing in the background, the current one): a list sized once, not a hash set
    // whose buckets each publish would allocate on a fresh orchestrator.
    private readonly List<PublishAttempt> _unreleased = new(capacity: 2);
    private PublishState _state;
    private volatile bool _disposed;
    private PublishAttempt? _current;
    private string? _lastToken;

    public PublishState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Gets a value indicating whether the orchestrator is disposed, without the lock (it never goes back).</summary>
    public bool IsDisposed => _disposed;

    public PublishAttempt? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public PublishedStream? CurrentStream
    {
        get
        {
            lock (_gate)
            {
                return _state is PublishState.Published or PublishState.Reconnecting ? _current?.Stream : null;
            }
        }
    }

    /// <summary>Starts a caller's publish, or refuses it; <see langword="null"/> when <paramref name="callerToken"/> is already canceled.</summary>
    public PublishAttempt? BeginPublish(string token, object owner, out PublishState previous, out PublishAttempt? superseded, CancellationToken callerToken)
    {
        superseded = null;
        lock (_gate)
        {
            previous = _state;
            switch (previous)
            {
                case PublishState.Disposed:
                    throw new ObjectDisposedException(owner.GetType().FullName);
                case PublishState.Publishing:
                    throw new InvalidOperationException("A publish is already in progress. Await it, cancel it or call UnpublishAsync before publishing again.");
                case PublishState.Published or PublishState.Reconnecting:
                    throw new InvalidOperationException("A stream is already published. Call UnpublishAsync before publishing again.");
                case PublishState.Unpublishing:
                    throw new InvalidOperationException("The stream is being unpublished. Await UnpublishAsync before publishing again.");
            }

            if (callerToken.IsCancellationRequested)
            {
                return null;
            }

            if (previous == PublishState.Republishing)
            {
                superseded = _current!;
                superseded.StoppedBy = "a new PublishAsync call";
            }

            var attempt = new PublishAttempt(isRepublish: false, token, lostTrace: default, callerToken);
            _unreleased.Add(attempt);
            _current = attempt;
            _lastToken = token;
            _state = PublishState.Publishing;
            return attempt;
        }
    }

    /// <summary>Starts an unpublish: the attempt to stop or release, or <see langword="null"/> when idle.</summary>
    public PublishAttempt? BeginUnpublish(object owner, out PublishState state)
    {
        lock (_gate)
        {
            state = _state;
            switch (state)
            {
                case PublishState.Disposed:
                    throw new ObjectDisposedException(owner.GetType().FullName);
                case PublishState.Idle:
                    return null;
                case PublishState.Publishing or PublishState.Republishing:
                    // Checked by the attempt under this lock, so a publish that just succeeded is rolled back.
                    _current!.StoppedBy = "UnpublishAsync";
                    break;
                case PublishState.Published or PublishState.Reconnecting:
                    _state = PublishState.Unpublishing;
                    break;
            }

            return _current!;
        }
    }

    /// <summary>Moves to disposed; returns the published (or, when asked, the unpublishing) attempt to unpublish, if any.</summary>
    public PublishAttempt? BeginDispose(bool includeUnpublishing, out PublishState previous)
    {
        lock (_gate)
        {
            previous = _state;
            var published = previous is PublishState.Published or PublishState.Reconnecting || (includeUnpublishing && previous == PublishState.Unpublishing) ? _current : null;
            _state = PublishState.Disposed;
            _disposed = true;
            _current = null;
            return published;
        }
    }

    /// <summary>Gets the release of every attempt not yet released.</summary>
    public Task[] PendingReleases()
    {
        lock (_gate)
        {
            var pending = new Task[_unreleased.Count];
            var i = 0;
            foreach (var attempt in _unreleased)
            {
                pending[i++] = attempt.Released;
            }

            return pending;
        }
    }

    /// <summary>
    /// The transition to published, unless a stop came first (then <see langword="false"/>: roll back). A stream
    /// that no try of the attempt produced (a custom pipeline's) is refused.
    /// </summary>
    public bool TryEnterPublished(PublishAttempt attempt, PublishedStream? stream, CancellationToken cancellationToken, out StreamDestroyedReason? endedMeanwhile)
    {
        endedMeanwhile = null;
        lock (_gate)
        {
            // Disposal replaces the current attempt before it cancels.
            if (!ReferenceEquals(_current, attempt) || attempt.StoppedBy is not null || cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            if (stream is null || !ReferenceEquals(stream.Publisher, attempt.Publisher))
            {
                throw PublishErrors.Unexpected(new InvalidOperationException("The resilience pipeline returned a stream that no try of this publish produced."), PublishPhase.Publish);
            }

            attempt.Stream = stream;
            endedMeanwhile = attempt.PendingLoss;
            attempt.PendingLoss = null;
            _state = PublishState.Published;
            return true;
        }
    }

    /// <summary>Moves to idle if the attempt is still current and in <paramref name="expected"/>; the caller holds the lock.</summary>
    private bool ReturnToIdle(PublishAttempt attempt, PublishState expected)
    {
        if (_state != expected || !ReferenceEquals(_current, attempt))
        {
            return false;
        }

        _state = PublishState.Idle;
        _current = null;
        return true;
    }

    /// <summary>Published to reconnecting; <see langword="null"/> once disposed (nothing to report), else whether the state changed.</summary>
    public bool? TryStartReconnecting() => TryMove(PublishState.Published, PublishState.Reconnecting);

    /// <summary>Reconnecting to published: the SDK kept the stream, so a loss reported meanwhile did not happen.</summary>
    public bool? TryFinishReconnecting() => TryMove(PublishState.Reconnecting, PublishState.Published);

    /// <summary>
    /// Whether the end of the attempt's stream ends its publication now (in <paramref name="state"/>), or is kept
    /// for later (it came while the outcome was still open), or does not apply (another attempt or publisher).
    /// </summary>
    public bool ShouldEndPublication(PublishAttempt attempt, IPublisher? publisher, StreamDestroyedReason reason, bool fromSession, out PublishState state)
    {
        lock (_gate)
        {
            state = _state;
            if (!ReferenceEquals(_current, attempt) || (publisher is not null && !ReferenceEquals(attempt.Publisher, publisher)))
            {
                return false;
            }

            var pending = state switch
            {
                // Ended between the session's confirmation and the transition: handled once published.
                PublishState.Publishing or PublishState.Republishing => attempt.InPublishPhase,

                // The SDK may still recover the session; only its Disconnected settles it.
                PublishState.Reconnecting => !fromSession && reason == StreamDestroyedReason.NetworkDisconnected,
                _ => false,
            };
            if (pending)
            {
                attempt.PendingLoss ??= reason;
                return false;
            }

            return state is PublishState.Published or PublishState.Reconnecting;
        }
    }

    /// <summary>Ends a publication whose stream is gone: idle, or a republish (returned) after a network loss when asked to.</summary>
    public bool TryEndPublication(PublishAttempt attempt, PublishState expected, bool republish, out PublishAttempt? next, out PublishState nextState)
    {
        next = null;
        lock (_gate)
        {
            nextState = _state;
            if (_state != expected || !ReferenceEquals(_current, attempt))
            {
                return false;
            }

            if (republish && _lastToken is not null)
            {
                next = new PublishAttempt(isRepublish: true, _lastToken, attempt.TraceContext, CancellationToken.None);
                _unreleased.Add(next);
            }

            _current = next;
            nextState = next?.RunningState ?? PublishState.Idle;
            _state = nextState;
            return true;
        }
    }

    private bool? TryMove(PublishState from, PublishState to)
    {
        lock (_gate)
        {
            if (_state == PublishState.Disposed)
            {
                return null;
            }

            if (_state != from)
            {
                return false;
            }

            _state = to;
            _current!.PendingLoss = null;
            return true;
        }
    }
}
