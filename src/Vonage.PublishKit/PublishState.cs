namespace Vonage.PublishKit;

/// <summary>Where a <see cref="PublishOrchestrator"/> is in its life.</summary>
public enum PublishState
{
    /// <summary>Nothing is published and no publish is in progress; <see cref="PublishOrchestrator.PublishAsync"/> may be called.</summary>
    Idle = 0,

    /// <summary>A publish attempt is in progress.</summary>
    Publishing = 1,

    /// <summary>A stream is published.</summary>
    Published = 2,

    /// <summary>The published stream is being unpublished and its publisher released.</summary>
    Unpublishing = 3,

    /// <summary>The orchestrator is disposed; every call fails with <see cref="System.ObjectDisposedException"/>.</summary>
    Disposed = 4,

    /// <summary>A stream is published and the SDK is reconnecting the session by itself; the stream survives if it succeeds.</summary>
    Reconnecting = 5,

    /// <summary>
    /// The stream was lost to the network and the orchestrator is publishing again by itself
    /// (<see cref="PublishOrchestratorOptions.RepublishAfterNetworkLoss"/>).
    /// </summary>
    Republishing = 6,
}
