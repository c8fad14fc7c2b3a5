using System;
using Microsoft.Extensions.Logging;
using Vonage.PublishKit.Diagnostics;

namespace Vonage.PublishKit.Internal;

/// <summary>
/// Watches a publication once it is up: the session's reconnection and disconnection, the publisher's stream
/// ending, and what follows a loss (the release, <c>NetworkDisconnected</c>, and a republish when asked for).
/// </summary>
internal sealed class PublicationWatcher(
    ISession session, PublishStateMachine states, AttemptReleaser releaser, OrchestratorEvents events, TelemetryRecorder telemetry, ILogger logger, bool republish)
{
    // Made once, with the orchestrator (Attach): no publish allocates it.
    private EventHandler<StreamDestroyedEventArgs>? _streamEnded;

    /// <summary>Gets or sets how a republish attempt is run (the attempt runner, which needs this watcher too).</summary>
    public Action<PublishAttempt>? RunRepublish { get; set; }

    public void Attach()
    {
        _streamEnded = OnPublisherStreamDestroyed;
        session.Disconnected += OnSessionDisconnected;
        session.Reconnecting += OnSessionReconnecting;
        session.Reconnected += OnSessionReconnected;
    }

    /// <summary>Stops listening to the session; an adapter whose remove accessor throws is logged, and disposal goes on.</summary>
    public void Detach()
    {
        try
        {
            session.Disconnected -= OnSessionDisconnected;
        }
        catch (Exception exception)
        {
            Log.DetachFailed(logger, nameof(ISession.Disconnected), exception);
        }

        try
        {
            session.Reconnecting -= OnSessionReconnecting;
        }
        catch (Exception exception)
        {
            Log.DetachFailed(logger, nameof(ISession.Reconnecting), exception);
        }

        try
        {
            session.Reconnected -= OnSessionReconnected;
        }
        catch (Exception exception)
        {
            Log.DetachFailed(logger, nameof(ISession.Reconnected), exception);
        }
    }

    /// <summary>
    /// Gets the handler every publisher of this orchestrator is subscribed with, one for its life: a stream's end
    /// matters only while its publisher (the event's sender) is the current attempt's. A sender that is not a
    /// publisher is taken to be the current one, since a released publisher is no longer subscribed.
    /// </summary>
    public EventHandler<StreamDestroyedEventArgs> StreamEnded => _streamEnded!;

    /// <summary>
    /// Ends a publication whose stream is gone: idle, or republishing after a network loss. The publisher's
    /// release starts before any handler runs, and the next publisher, whoever asks for it, waits for it.
    /// </summary>
    public void EndPublication(PublishAttempt attempt, StreamDestroyedReason reason, PublishState expected)
    {
        var lostToNetwork = reason == StreamDestroyedReason.NetworkDisconnected;
        if (!states.TryEndPublication(attempt, expected, lostToNetwork && republish, out var next, out var nextState))
        {
            return;
        }

        // In the background (this may run on the SDK's thread); DisposeAsync waits for it.
        _ = releaser.ReleaseAsync(attempt, returnFrom: null);
        events.RaiseStateChanged(expected, nextState);
        telemetry.StreamLost(reason);
        var stream = attempt.Stream!;
        if (lostToNetwork)
        {
            Log.StreamLost(logger, stream.StreamId);
            events.RaiseNetworkDisconnected(stream);
        }
        else
        {
            Log.StreamEnded(logger, stream.StreamId, reason);
        }

        if (next is not null)
        {
            RunRepublish?.Invoke(next);
        }
    }

    private void OnStreamEnded(PublishAttempt attempt, IPublisher? publisher, StreamDestroyedReason reason, bool fromSession)
    {
        if (states.ShouldEndPublication(attempt, publisher, reason, fromSession, out var state))
        {
            EndPublication(attempt, reason, state);
        }
    }

    private void OnPublisherStreamDestroyed(object? sender, StreamDestroyedEventArgs e)
    {
        if (states.Current is { } current)
        {
            OnStreamEnded(current, sender as IPublisher, e?.Reason ?? StreamDestroyedReason.Unknown, fromSession: false);
        }
    }

    private void OnSessionDisconnected(object? sender, SessionDisconnectedEventArgs e)
    {
        if (states.Current is { } current)
        {
            OnStreamEnded(current, publisher: null, StreamDestroyedEventArgs.ReasonFor(e?.Reason ?? DisconnectReason.Unknown), fromSession: true);
        }
    }

    private void OnSessionReconnecting(object? sender, EventArgs e)
    {
        if (states.TryStartReconnecting() is not { } changed)
        {
            return;
        }

        Log.SessionReconnecting(logger);
        if (changed)
        {
            events.RaiseStateChanged(PublishState.Published, PublishState.Reconnecting);
        }

        events.RaiseReconnecting();
    }

    private void OnSessionReconnected(object? sender, EventArgs e)
    {
        if (states.TryFinishReconnecting() is not { } changed)
        {
            return;
        }

        Log.SessionReconnected(logger);
        if (changed)
        {
            events.RaiseStateChanged(PublishState.Reconnecting, PublishState.Published);
        }

        events.RaiseReconnected();
    }
}
