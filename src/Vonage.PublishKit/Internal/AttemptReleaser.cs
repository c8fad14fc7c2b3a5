using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Vonage.PublishKit.Internal;

/// <summary>
/// Ends attempts: unpublishes and releases what an attempt holds, once, whoever asks first (a failed or stopped
/// attempt, <c>UnpublishAsync</c>, a lost stream, disposal), and returns to idle when the attempt is still current.
/// </summary>
internal sealed class AttemptReleaser(PublishStateMachine states, PublisherReleaser publishers, OrchestratorEvents events, ILogger logger)
{
    public PublisherReleaser Publishers => publishers;

    /// <summary>Asks the session to unpublish the attempt's publisher, if it holds one. Returns whether <paramref name="cancellationToken"/> stopped the wait.</summary>
    public Task<bool> UnpublishAsync(PublishAttempt attempt, CancellationToken cancellationToken) =>
        states.PublisherOf(attempt) is { } publisher
            ? publishers.UnpublishAsync(publisher, attempt.Stream?.StreamId, cancellationToken)
            : Task.FromResult(false);

    /// <summary>Takes the attempt's current publisher (only if it is <paramref name="only"/>, when given), once, then releases it.</summary>
    public Task ReleasePublisherAsync(PublishAttempt attempt, IPublisher? only = null) =>
        states.TryTake(attempt, only, out var handler) is { } publisher ? publishers.ReleaseAsync(publisher, handler) : Task.CompletedTask;

    /// <summary>
    /// Releases the publisher of a try the attempt is done with (a failed try's, or an earlier try's that a pipeline
    /// ran again after its success), unpublishing it first if the session published it.
    /// </summary>
    public async Task ReleaseTryPublisherAsync(PublishAttempt attempt, IPublisher publisher, bool published)
    {
        if (published)
        {
            await publishers.UnpublishAsync(publisher, knownStreamId: null, CancellationToken.None).ConfigureAwait(false);
        }

        await ReleasePublisherAsync(attempt, publisher).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends the attempt, once, whoever asks first: releases its publisher; then, if the attempt is still current
    /// in <paramref name="returnFrom"/>, returns to idle before anyone waiting is released. No async layer when the
    /// publisher's release completes at once.
    /// </summary>
    public Task ReleaseAsync(PublishAttempt attempt, PublishState? returnFrom)
    {
        if (!attempt.TryBeginRelease())
        {
            return attempt.Released;
        }

        Task release;
        try
        {
            release = states.CloseAndTake(attempt, out var handler) is { } publisher ? publishers.ReleaseAsync(publisher, handler) : Task.CompletedTask;

            // A try still running now (an app's pipeline started it and returned without waiting for it) holds a
            // publisher just released: stopped, it goes no further with it (never publishes it on the session).
            attempt.StopTry();
        }
        catch (Exception)
        {
            attempt.MarkReleased();
            throw;
        }

        if (!release.IsCompleted)
        {
            return FinishReleaseAsync(attempt, release, returnFrom);
        }

        FinishRelease(attempt, returnFrom);
        return Task.CompletedTask;
    }

    private async Task FinishReleaseAsync(PublishAttempt attempt, Task release, PublishState? returnFrom)
    {
        try
        {
            await release.ConfigureAwait(false);
        }
        finally
        {
            FinishRelease(attempt, returnFrom);
        }
    }

    private void FinishRelease(PublishAttempt attempt, PublishState? returnFrom)
    {
        try
        {
            if (states.Forget(attempt, returnFrom))
            {
                events.RaiseStateChanged(returnFrom!.Value, PublishState.Idle);
            }
        }
        finally
        {
            attempt.MarkReleased();
        }
    }

    /// <summary>
    /// Releases a stopped attempt that holds no publisher, without waiting for it to run. For a stop that a handler
    /// makes from inside one of the orchestrator's events and then blocks on: the attempt (not started yet, or
    /// between tries) may be waiting for that very handler to return.
    /// </summary>
    public void ReleaseIfIdle(PublishAttempt attempt)
    {
        if (states.PublisherOf(attempt) is null)
        {
            _ = ReleaseAsync(attempt, returnFrom: attempt.RunningState);
        }
    }

    /// <summary>Unpublishes and releases a publication for <c>UnpublishAsync</c>; throws if <paramref name="cancellationToken"/> stopped the wait for the session.</summary>
    public Task UnpublishAndReleaseAsync(PublishAttempt publication, CancellationToken cancellationToken)
    {
        var unpublish = UnpublishAsync(publication, cancellationToken);
        if (unpublish.Status != TaskStatus.RanToCompletion)
        {
            return ReleaseAfterAsync(publication, unpublish, cancellationToken);
        }

        var release = ReleaseAsync(publication, returnFrom: PublishState.Unpublishing);
        if (release.Status != TaskStatus.RanToCompletion)
        {
            return ReleaseAfterAsync(publication, unpublish, cancellationToken, release);
        }

        return Unpublished(publication, unpublish.Result, cancellationToken);
    }

    private async Task ReleaseAfterAsync(PublishAttempt publication, Task<bool> unpublish, CancellationToken cancellationToken, Task? release = null)
    {
        var canceled = await unpublish.ConfigureAwait(false);
        await (release ?? ReleaseAsync(publication, returnFrom: PublishState.Unpublishing)).ConfigureAwait(false);
        await Unpublished(publication, canceled, cancellationToken).ConfigureAwait(false);
    }

    private Task Unpublished(PublishAttempt publication, bool canceled, CancellationToken cancellationToken)
    {
        Log.Unpublished(logger, publication.Stream?.StreamId);
        return canceled ? Task.FromCanceled(cancellationToken) : Task.CompletedTask;
    }
}
