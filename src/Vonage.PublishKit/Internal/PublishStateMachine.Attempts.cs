using System;

namespace Vonage.PublishKit.Internal;

/// <summary>What an attempt's tries hold, changed under the same lock as the transitions that read it.</summary>
internal sealed partial class PublishStateMachine
{
    /// <summary>Gives the try's new publisher to the attempt, unless the attempt's final release began (then <see langword="false"/>).</summary>
    public bool TryHold(PublishAttempt attempt, IPublisher publisher, EventHandler<StreamDestroyedEventArgs> handler)
    {
        lock (_gate)
        {
            if (attempt.Closed)
            {
                return false;
            }

            attempt.Publisher = publisher;
            attempt.StreamDestroyedHandler = handler;
            attempt.TrySucceeded = false;
            attempt.InPublishPhase = false;
            attempt.PendingLoss = null;
            return true;
        }
    }

    /// <summary>Gets the publisher of an earlier try that succeeded, which a new try must release first.</summary>
    public IPublisher? LeftOverPublisher(PublishAttempt attempt)
    {
        // Only the running try sets the flag (volatile, see MarkTrySucceeded): unset, there is nothing left over,
        // and the first try of every publish skips the lock.
        if (!attempt.TrySucceeded)
        {
            return null;
        }

        lock (_gate)
        {
            return attempt.TrySucceeded ? attempt.Publisher : null;
        }
    }

    /// <summary>Gets every attempt not yet released.</summary>
    public PublishAttempt[] Unreleased()
    {
        lock (_gate)
        {
            var attempts = new PublishAttempt[_unreleased.Count];
            _unreleased.CopyTo(attempts);
            return attempts;
        }
    }

    public IPublisher? PublisherOf(PublishAttempt attempt)
    {
        lock (_gate)
        {
            return attempt.Publisher;
        }
    }

    /// <summary>Takes the attempt's publisher (only if it is <paramref name="only"/>, when given), once.</summary>
    public IPublisher? TryTake(PublishAttempt attempt, IPublisher? only, out EventHandler<StreamDestroyedEventArgs>? handler)
    {
        lock (_gate)
        {
            return Take(attempt, only, out handler);
        }
    }

    // A single flag the running try sets (tries run one at a time): a volatile write, not the lock, which a reader
    // holding the lock sees before or after, as it would see the lock taken before or after.
    public static void EnterPublishPhase(PublishAttempt attempt) => attempt.InPublishPhase = true;

    public static void MarkTrySucceeded(PublishAttempt attempt) => attempt.TrySucceeded = true;

    /// <summary>Marks the attempt's final release begun (no try may hand it a publisher after this) and takes its publisher.</summary>
    public IPublisher? CloseAndTake(PublishAttempt attempt, out EventHandler<StreamDestroyedEventArgs>? handler)
    {
        lock (_gate)
        {
            attempt.Closed = true;
            return Take(attempt, only: null, out handler);
        }
    }

    /// <summary>Forgets a released attempt and, if it is still current in <paramref name="returnFrom"/>, moves to idle (then <see langword="true"/>).</summary>
    public bool Forget(PublishAttempt attempt, PublishState? returnFrom)
    {
        lock (_gate)
        {
            _unreleased.Remove(attempt);
            return returnFrom is { } expected && ReturnToIdle(attempt, expected);
        }
    }

    /// <summary>Takes the attempt's publisher for <see cref="TryTake"/> and <see cref="CloseAndTake"/>, which hold the lock (taken once, not again inside).</summary>
    private static IPublisher? Take(PublishAttempt attempt, IPublisher? only, out EventHandler<StreamDestroyedEventArgs>? handler)
    {
        var publisher = attempt.Publisher;
        handler = attempt.StreamDestroyedHandler;
        if (publisher is null || (only is not null && !ReferenceEquals(publisher, only)))
        {
            handler = null;
            return null;
        }

        attempt.Publisher = null;
        attempt.StreamDestroyedHandler = null;
        return publisher;
    }
}
