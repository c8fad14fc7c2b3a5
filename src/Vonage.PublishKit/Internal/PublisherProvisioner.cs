using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Vonage.PublishKit.Internal;

/// <summary>What a try needs before its phases start: the token, and a publisher once the camera is free.</summary>
internal sealed class PublisherProvisioner(
    IPublisherFactory factory,
    PublisherSettings settings,
    Func<CancellationToken, ValueTask<string>>? tokenProvider,
    TimeSpan connectTimeout,
    TimeProvider timeProvider,
    PublishStateMachine states,
    AttemptReleaser releaser,
    PublicationWatcher watcher,
    ILogger logger)
{
    // The copy of the settings factories get. One for every publisher while none changes it (publishers are created
    // one at a time, behind the camera gate): a factory that edits its copy never changes the next publisher's.
    private PublisherSettings _handed = settings.Clone();

    /// <summary>The token and the publisher of a try, in that order; see the two methods below. No async layer of its own when both are at hand.</summary>
    public ValueTask<(string Token, IPublisher Publisher)> ProvisionAsync(PublishAttempt attempt, CancellationToken cancellationToken)
    {
        if (attempt.IsRepublish && tokenProvider is not null)
        {
            return ProvisionWithProviderAsync(attempt, cancellationToken);
        }

        var publisher = CreatePublisherAsync(attempt, cancellationToken);
        // Stryker disable once Conditional : over a publisher already created the async path completes at once with the same pair (it only costs an allocation).
        return publisher.IsCompletedSuccessfully
            ? new((attempt.Token!, publisher.Result))
            : WithTokenAsync(attempt.Token!, publisher);

        static async ValueTask<(string Token, IPublisher Publisher)> WithTokenAsync(string token, ValueTask<IPublisher> publisher) =>
            (token, await publisher.ConfigureAwait(false));
    }

    private async ValueTask<(string Token, IPublisher Publisher)> ProvisionWithProviderAsync(PublishAttempt attempt, CancellationToken cancellationToken)
    {
        var token = await GetProvidedTokenAsync(tokenProvider!, cancellationToken).ConfigureAwait(false);
        var publisher = await CreatePublisherAsync(attempt, cancellationToken).ConfigureAwait(false);
        return (token, publisher);
    }

    /// <summary>
    /// The token of a republish from the app's provider, waited for at most
    /// <see cref="PublishOrchestratorOptions.ConnectTimeout"/> and never past a stop, like every seam.
    /// </summary>
    private async ValueTask<string> GetProvidedTokenAsync(Func<CancellationToken, ValueTask<string>> tokenProvider, CancellationToken cancellationToken)
    {
        string? token;
        Task<string>? pending = null;
        try
        {
            var request = tokenProvider(cancellationToken);
            if (request.IsCompleted)
            {
                token = request.Result;
            }
            else
            {
                pending = request.AsTask();
                token = await BoundedWait.ForAsync(pending, connectTimeout, timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (TimeoutException) when (pending is { IsCompleted: false })
        {
            PhaseRunner.ObserveAbandoned(pending, PublishPhase.Connect, logger);
            Log.TokenProviderTimedOut(logger, connectTimeout.TotalMilliseconds);
            var message = string.Format(CultureInfo.InvariantCulture, "The token provider did not return a token within {0:0.###} s.", connectTimeout.TotalSeconds);
            throw new NotConnectedException(message, PublishPhase.Connect, null, null, null, new TimeoutException(message));
        }
        catch (Exception exception) when (exception is not PublishException && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            if (pending is { IsCompleted: false })
            {
                PhaseRunner.ObserveAbandoned(pending, PublishPhase.Connect, logger);
            }

            throw PublishErrors.Unexpected(exception, PublishPhase.Connect);
        }
        catch (OperationCanceledException) when (pending is { IsCompleted: false })
        {
            PhaseRunner.ObserveAbandoned(pending, PublishPhase.Connect, logger);
            throw;
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            throw PublishErrors.Unexpected(new InvalidOperationException("The token provider returned an empty token."), PublishPhase.Connect);
        }

        return token!;
    }

    /// <summary>
    /// Creates the try's publisher once every earlier publisher is released (<see cref="PublisherGate"/>), and
    /// subscribes to its stream's end. The publisher of an earlier try that succeeded (a pipeline that runs the
    /// callback again after a success) is released first; one of a try still running (hedging) is waited for.
    /// </summary>
    public ValueTask<IPublisher> CreatePublisherAsync(PublishAttempt attempt, CancellationToken cancellationToken)
    {
        // No async layer when nothing is left over and the camera is free: the common case.
        // Stryker disable once Equality : a leftover publisher still holds the camera gate, so TryEnter fails and the slow path releases it first either way.
        if (!cancellationToken.IsCancellationRequested && states.LeftOverPublisher(attempt) is null && releaser.Publishers.Gate.TryEnter())
        {
            return CreateBehindGate(attempt, cancellationToken);
        }

        return WaitForCameraAsync(attempt, cancellationToken);
    }

    private async ValueTask<IPublisher> WaitForCameraAsync(PublishAttempt attempt, CancellationToken cancellationToken)
    {
        if (states.LeftOverPublisher(attempt) is { } leftover)
        {
            await releaser.ReleaseTryPublisherAsync(attempt, leftover, published: true).ConfigureAwait(false);
        }

        await releaser.Publishers.Gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        return await CreateBehindGate(attempt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates the publisher once the gate is entered, and gives it to the attempt; a failure is a faulted task, not a throw.</summary>
    private ValueTask<IPublisher> CreateBehindGate(PublishAttempt attempt, CancellationToken cancellationToken)
    {
        IPublisher? publisher;
        try
        {
            publisher = factory.CreatePublisher(SettingsToHand()) ?? throw new InvalidOperationException("The publisher factory returned null.");
        }
        catch (Exception exception)
        {
            releaser.Publishers.Gate.Exit();
            return Failed(exception as PublishException ?? PublishErrors.Unexpected(exception, PublishPhase.Initialize));
        }

        var handler = watcher.StreamEnded;
        if (!states.TryHold(attempt, publisher, handler))
        {
            // The attempt ended while this try waited (its pipeline was abandoned): nobody else will release it.
            return ReleaseThenFail(releaser.Publishers.ReleaseAsync(publisher, handler: null), new OperationCanceledException(cancellationToken));
        }

        try
        {
            publisher.StreamDestroyed += handler;
        }
        catch (Exception exception)
        {
            // The try never sees this publisher: release it here, and the camera with it.
            return ReleaseThenFail(releaser.ReleasePublisherAsync(attempt, publisher), PublishErrors.Unexpected(exception, PublishPhase.Initialize));
        }

        return new ValueTask<IPublisher>(publisher);

        static ValueTask<IPublisher> Failed(Exception failure) => new(Task.FromException<IPublisher>(failure));

        static async ValueTask<IPublisher> ReleaseThenFail(Task release, Exception failure)
        {
            await release.ConfigureAwait(false);
            throw failure;
        }
    }

    private PublisherSettings SettingsToHand()
    {
        if (!settings.HasSameValues(_handed))
        {
            _handed = settings.Clone();
        }

        return _handed;
    }
}
