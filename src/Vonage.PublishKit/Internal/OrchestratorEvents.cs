using System;
using Microsoft.Extensions.Logging;

namespace Vonage.PublishKit.Internal;

/// <summary>
/// The orchestrator's subscribers and the one place they are called: each handler in turn, a throwing one logged
/// and the rest still run, so no handler changes an outcome, a state or a release. Once cleared (disposal), no
/// further handler runs, not even the rest of an event being raised. The public events of
/// <see cref="PublishOrchestrator"/> forward their accessors here.
/// </summary>
internal sealed class OrchestratorEvents(object sender, ILogger logger)
{
    // Which orchestrator's handlers this thread is running, so that a handler calling back into it and blocking
    // can be told apart from any other caller.
    [ThreadStatic]
    private static OrchestratorEvents? t_raising;

    private volatile bool _cleared;

    public event EventHandler<NetworkDisconnectedEventArgs>? NetworkDisconnected;

    public event EventHandler<PublishStateChangedEventArgs>? StateChanged;

    public event EventHandler<PublishRetryingEventArgs>? Retrying;

    public event EventHandler? Reconnecting;

    public event EventHandler? Reconnected;

    public event EventHandler<RepublishedEventArgs>? Republished;

    public event EventHandler<RepublishFailedEventArgs>? RepublishFailed;

    /// <summary>Gets a value indicating whether this thread is inside one of this orchestrator's handlers.</summary>
    public bool IsRaisingOnThisThread => ReferenceEquals(t_raising, this);

    public void RaiseStateChanged(PublishState previous, PublishState state)
    {
        // No event arguments when nobody listens: a publish changes state four times.
        if (StateChanged is { } handler)
        {
            Raise(handler, new PublishStateChangedEventArgs(previous, state), nameof(StateChanged));
        }
    }

    public void RaiseNetworkDisconnected(PublishedStream stream) =>
        Raise(NetworkDisconnected, new NetworkDisconnectedEventArgs(stream.Publisher, stream.StreamId), nameof(NetworkDisconnected));

    public void RaiseRetrying(int attemptNumber, TimeSpan delay, PublishException failure, bool isRepublish)
    {
        if (Retrying is { } handler)
        {
            Raise(handler, new PublishRetryingEventArgs(attemptNumber, delay, failure, isRepublish), nameof(Retrying));
        }
    }

    public void RaiseReconnecting() => Raise(Reconnecting, EventArgs.Empty, nameof(Reconnecting));

    public void RaiseReconnected() => Raise(Reconnected, EventArgs.Empty, nameof(Reconnected));

    public void RaiseRepublished(PublishedStream stream) => Raise(Republished, new RepublishedEventArgs(stream), nameof(Republished));

    public void RaiseRepublishFailed(PublishException failure) => Raise(RepublishFailed, new RepublishFailedEventArgs(failure), nameof(RepublishFailed));

    /// <summary>
    /// Raises the transition to disposed, then drops every subscriber. No other event runs a handler from the moment
    /// this starts, even one raised meanwhile on another thread: the transition is the last event a handler sees.
    /// </summary>
    public void RaiseDisposed(PublishState previous)
    {
        var handler = StateChanged;
        _cleared = true;
        if (handler is not null)
        {
            Raise(handler, new PublishStateChangedEventArgs(previous, PublishState.Disposed), nameof(StateChanged), last: true);
        }

        Clear();
    }

    /// <summary>Drops every subscriber: no event follows the transition to disposed.</summary>
    private void Clear()
    {
        _cleared = true;
        StateChanged = null;
        NetworkDisconnected = null;
        Retrying = null;
        Reconnecting = null;
        Reconnected = null;
        Republished = null;
        RepublishFailed = null;
    }

    private void Raise<TEventArgs>(EventHandler<TEventArgs>? handler, TEventArgs args, string eventName, bool last = false)
    {
        if (handler is null)
        {
            return;
        }

        var outer = t_raising;
        t_raising = this;
        try
        {
            foreach (EventHandler<TEventArgs> subscriber in handler.GetInvocationList())
            {
                if (_cleared && !last)
                {
                    return;
                }

                try
                {
                    subscriber(sender, args);
                }
                catch (Exception exception)
                {
                    Log.EventHandlerFailed(logger, eventName, exception);
                }
            }
        }
        finally
        {
            t_raising = outer;
        }
    }

    // The two events without arguments of their own, through the same loop.
    private void Raise(EventHandler? handler, EventArgs args, string eventName)
    {
        if (handler is not null)
        {
            Raise(Adapt(handler), args, eventName);
        }
    }

    private static EventHandler<EventArgs> Adapt(EventHandler handler)
    {
        EventHandler<EventArgs>? adapted = null;
        foreach (EventHandler subscriber in handler.GetInvocationList())
        {
            adapted += new EventHandler<EventArgs>(subscriber.Invoke);
        }

        return adapted!;
    }
}
