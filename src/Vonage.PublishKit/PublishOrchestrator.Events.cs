using System;

namespace Vonage.PublishKit;

/// <content>The orchestrator's events. Handlers may run on any thread, the SDK's included; one that throws is logged and ignored.</content>
public partial class PublishOrchestrator
{
    /// <summary>Occurs once when the published stream is lost to the network.</summary>
    /// <remarks>
    /// Raised when the publisher's stream is destroyed, or the session disconnects, with reason
    /// <c>NetworkDisconnected</c> (not while the SDK is still reconnecting by itself). The publisher is released
    /// as the handlers run (the event's <see cref="NetworkDisconnectedEventArgs.Publisher"/> only identifies it).
    /// <see cref="State"/> is then <see cref="PublishState.Idle"/>, or <see cref="PublishState.Republishing"/> when
    /// <see cref="PublishOrchestratorOptions.RepublishAfterNetworkLoss"/> is on. A handler may call
    /// <see cref="PublishAsync"/> to publish again: the new publisher is created only once the lost one is released,
    /// so two never hold the camera at once.
    /// </remarks>
    public virtual event EventHandler<NetworkDisconnectedEventArgs>? NetworkDisconnected
    {
        add => _events.NetworkDisconnected += value;
        remove => _events.NetworkDisconnected -= value;
    }

    /// <summary>Occurs after every change of <see cref="State"/>.</summary>
    public virtual event EventHandler<PublishStateChangedEventArgs>? StateChanged
    {
        add => _events.StateChanged += value;
        remove => _events.StateChanged -= value;
    }

    /// <summary>Occurs when an attempt failed transiently and the built-in retry strategy will try again after a delay.</summary>
    public virtual event EventHandler<PublishRetryingEventArgs>? Retrying
    {
        add => _events.Retrying += value;
        remove => _events.Retrying -= value;
    }

    /// <summary>Occurs when the session lost its connection and the SDK started reconnecting by itself.</summary>
    public virtual event EventHandler? Reconnecting
    {
        add => _events.Reconnecting += value;
        remove => _events.Reconnecting -= value;
    }

    /// <summary>Occurs when the SDK reconnected the session by itself; a published stream was kept.</summary>
    public virtual event EventHandler? Reconnected
    {
        add => _events.Reconnected += value;
        remove => _events.Reconnected -= value;
    }

    /// <summary>Occurs when republishing after a network loss succeeded.</summary>
    public virtual event EventHandler<RepublishedEventArgs>? Republished
    {
        add => _events.Republished += value;
        remove => _events.Republished -= value;
    }

    /// <summary>Occurs when republishing after a network loss gave up; <see cref="State"/> is then <see cref="PublishState.Idle"/>.</summary>
    public virtual event EventHandler<RepublishFailedEventArgs>? RepublishFailed
    {
        add => _events.RepublishFailed += value;
        remove => _events.RepublishFailed -= value;
    }
}
