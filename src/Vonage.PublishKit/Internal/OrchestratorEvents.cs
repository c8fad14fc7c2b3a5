using System;
using Microsoft.Extensions.Logging;
using Vonage.PublishKit.Resilience;

namespace Vonage.PublishKit.Internal;

/// <summary>
/// The orchestrator's subscribers and the one place they are called: each handler in turn, a throwing one logged
/// and the rest still run (<see cref="EventRaiser"/>), so no handler changes an outcome, a state or a release.
/// The public events of <see cref="PublishOrchestrator"/> forward their accessors here.
/// </summary>
internal sealed class OrchestratorEvents(object sender, ILogger logger)
{
    public event EventHandler<NetworkDisconnectedEventArgs>? NetworkDisconnected;

    public event EventHandler<PublishStateChangedEventArgs>? StateChanged;

    public event EventHandler<PublishRetryingEventArgs>? Retrying;

    public event EventHandler? Reconnecting;

    public event EventHandler? Reconnected;

    public event EventHandler<RepublishedEventArgs>? Republished;

    public event EventHandler<RepublishFailedEventArgs>? RepublishFailed;

    public void RaiseStateChanged(PublishState previous, PublishState state)
    {
        // No event arguments when nobody listens: a publish changes state four times.
        if (StateChanged is { } handler)
        {
            EventRaiser.Raise(sender, handler, new PublishStateChangedEventArgs(previous, state), nameof(StateChanged), logger);
        }
    }

    public void RaiseNetworkDisconnected(PublishedStream stream) =>
        EventRaiser.Raise(sender, NetworkDisconnected, new NetworkDisconnectedEventArgs(stream.Publisher, stream.StreamId), nameof(NetworkDisconnected), logger);

    public void RaiseRetrying(int attemptNumber, TimeSpan delay, PublishException failure, bool isRepublish)
    {
        if (Retrying is { } handler)
        {
            EventRaiser.Raise(sender, handler, new PublishRetryingEventArgs(attemptNumber, delay, failure, isRepublish), nameof(Retrying), logger);
        }
    }

    public void RaiseReconnecting() => EventRaiser.Raise(sender, Reconnecting, EventArgs.Empty, nameof(Reconnecting), logger);

    public void RaiseReconnected() => EventRaiser.Raise(sender, Reconnected, EventArgs.Empty, nameof(Reconnected), logger);

    public void RaiseRepublished(PublishedStream stream) =>
        EventRaiser.Raise(sender, Republished, new RepublishedEventArgs(stream), nameof(Republished), logger);

    public void RaiseRepublishFailed(PublishException failure) =>
        EventRaiser.Raise(sender, RepublishFailed, new RepublishFailedEventArgs(failure), nameof(RepublishFailed), logger);

    /// <summary>Drops every subscriber: no event follows the transition to disposed.</summary>
    public void Clear()
    {
        StateChanged = null;
        NetworkDisconnected = null;
        Retrying = null;
        Reconnecting = null;
        Reconnected = null;
        Republished = null;
        RepublishFailed = null;
    }
}
