using System;

namespace Vonage.PublishKit;

/// <summary>Data for <see cref="ISession.Disconnected"/>.</summary>
public class SessionDisconnectedEventArgs : EventArgs
{
    /// <summary>Initializes a new instance of the <see cref="SessionDisconnectedEventArgs"/> class.</summary>
    /// <param name="reason">Why the session was disconnected.</param>
    public SessionDisconnectedEventArgs(DisconnectReason reason) => Reason = reason;

    /// <summary>Gets why the session was disconnected.</summary>
    public DisconnectReason Reason { get; }
}
