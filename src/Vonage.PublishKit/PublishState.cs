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
}
