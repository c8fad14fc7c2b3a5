using System;

namespace Vonage.PublishKit;

/// <summary>Data for <see cref="PublishOrchestrator.StateChanged"/>.</summary>
public class PublishStateChangedEventArgs : EventArgs
{
    /// <summary>Initializes a new instance of the <see cref="PublishStateChangedEventArgs"/> class.</summary>
    /// <param name="previousState">The state before the transition.</param>
    /// <param name="state">The state after the transition.</param>
    public PublishStateChangedEventArgs(PublishState previousState, PublishState state)
    {
        PreviousState = previousState;
        State = state;
    }

    /// <summary>Gets the state before the transition.</summary>
    public PublishState PreviousState { get; }

    /// <summary>Gets the state after the transition.</summary>
    public PublishState State { get; }
}
