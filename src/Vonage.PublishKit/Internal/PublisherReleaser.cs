using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Vonage.PublishKit.Internal;

/// <summary>
/// The adapter calls on the paths that must not fail or hang: unpublishing and disposing a publisher, each
/// bounded by <see cref="PublishOrchestratorOptions.ReleaseTimeout"/>, and every read of an adapter member there
/// guarded. It also holds the <see cref="PublisherGate"/>, which each release exits.
/// </summary>
internal sealed class PublisherReleaser(ISession session, TimeSpan releaseTimeout, TimeProvider timeProvider, ILogger logger)
{
    private static readonly Task<bool> NotCanceled = Task.FromResult(false);

    public PublisherGate Gate { get; } = new();

    /// <summary>Asks the session to unpublish, at most <c>ReleaseTimeout</c>. Returns whether <paramref name="cancellationToken"/> stopped the wait.</summary>
    public Task<bool> UnpublishAsync(IPublisher publisher, string? knownStreamId, CancellationToken cancellationToken)
    {
        Task unpublish;
        try
        {
            unpublish = session.UnpublishAsync(publisher, cancellationToken);
        }
        catch (Exception exception)
        {
            return Task.FromResult(Failed(publisher, knownStreamId, unpublish: null, exception, cancellationToken));
        }

        // The common case, a session that confirmed at once, allocates nothing.
        // Stryker disable once Conditional : waiting for an unpublish that completed successfully returns false at once, as the fast path does.
        return unpublish is { IsCompleted: true, IsFaulted: false, IsCanceled: false } ? NotCanceled : WaitAsync(publisher, knownStreamId, unpublish, cancellationToken);
    }

    private async Task<bool> WaitAsync(IPublisher publisher, string? knownStreamId, Task? unpublish, CancellationToken cancellationToken)
    {
        try
        {
            await BoundedWait.ForAsync(unpublish!, releaseTimeout, timeProvider, cancellationToken).ConfigureAwait(false);
            return false;
        }
        catch (Exception exception)
        {
            return Failed(publisher, knownStreamId, unpublish, exception, cancellationToken);
        }
    }

    private bool Failed(IPublisher publisher, string? knownStreamId, Task? unpublish, Exception exception, CancellationToken cancellationToken)
    {
        if (unpublish is { IsCompleted: false })
        {
            PhaseRunner.ObserveAbandoned(unpublish, PublishPhase.Publish, logger);
        }

        Log.UnpublishFailed(logger, knownStreamId ?? StreamIdOf(publisher), exception);
        return exception is OperationCanceledException && cancellationToken.IsCancellationRequested;
    }

    /// <summary>
    /// Detaches <paramref name="handler"/> and disposes the publisher, waiting at most <c>ReleaseTimeout</c>; then
    /// the publisher counts as released, whatever it did, and the gate lets the next one in. No async layer when
    /// the disposal completes at once.
    /// </summary>
    public Task ReleaseAsync(IPublisher publisher, EventHandler<StreamDestroyedEventArgs>? handler)
    {
        try
        {
            publisher.StreamDestroyed -= handler;
        }
        catch (Exception exception)
        {
            Log.DetachFailed(logger, nameof(IPublisher.StreamDestroyed), exception);
        }

        Task disposal;
        try
        {
            var pending = publisher.DisposeAsync();
            if (pending.IsCompletedSuccessfully)
            {
                // Stryker disable once Statement : a ValueTask that completed successfully has no result to read; GetResult only lets a pooled source be reused.
                pending.GetAwaiter().GetResult();
                Gate.Exit();
                return Task.CompletedTask;
            }

            disposal = pending.AsTask();
        }
        catch (Exception exception)
        {
            Log.PublisherDisposeFailed(logger, exception);
            Gate.Exit();
            return Task.CompletedTask;
        }

        return WaitForDisposalAsync(disposal);
    }

    /// <summary>Reads <see cref="IPublisher.StreamId"/> for a log; an adapter that throws gives <see langword="null"/>.</summary>
    public string? StreamIdOf(IPublisher publisher)
    {
        try
        {
            return publisher.StreamId;
        }
        catch (Exception exception)
        {
            Log.StreamIdFailed(logger, exception);
            return null;
        }
    }

    private async Task WaitForDisposalAsync(Task disposal)
    {
        try
        {
            await BoundedWait.ForAsync(disposal, releaseTimeout, timeProvider, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!disposal.IsCompleted)
        {
            Log.PublisherDisposeAbandoned(logger, releaseTimeout.TotalMilliseconds);
            Observe(disposal, logger);
        }
        catch (Exception exception)
        {
            if (!disposal.IsCompleted)
            {
                Observe(disposal, logger);
            }

            Log.PublisherDisposeFailed(logger, exception);
        }
        finally
        {
            Gate.Exit();
        }
    }

    /// <summary>Logs what an abandoned disposal does later, so its failure is never unobserved.</summary>
    private static void Observe(Task task, ILogger logger) =>
        _ = task.ContinueWith(
            static (t, state) =>
            {
                if (t.Exception?.InnerException is { } failure)
                {
                    Log.PublisherDisposeFailed((ILogger)state!, failure);
                }
            },
            logger,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
}
