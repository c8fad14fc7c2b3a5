using System;

namespace Vonage.PublishKit;

/// <summary>Data for <see cref="PublishOrchestrator.Retrying"/>: an attempt failed and another follows after a delay.</summary>
public class PublishRetryingEventArgs : EventArgs
{
    /// <summary>Initializes a new instance of the <see cref="PublishRetryingEventArgs"/> class.</summary>
    /// <param name="attemptNumber">The number of the attempt that failed, from 1.</param>
    /// <param name="retryDelay">How long the orchestrator waits before the next attempt.</param>
    /// <param name="exception">Why the attempt failed.</param>
    /// <param name="isRepublish">Whether the attempts republish a stream lost to the network.</param>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is <see langword="null"/>.</exception>
    public PublishRetryingEventArgs(int attemptNumber, TimeSpan retryDelay, PublishException exception, bool isRepublish)
    {
        AttemptNumber = attemptNumber;
        RetryDelay = retryDelay;
        Exception = exception ?? throw new ArgumentNullException(nameof(exception));
        IsRepublish = isRepublish;
    }

    /// <summary>Gets the number of the attempt that failed: 1 for the first attempt.</summary>
    public int AttemptNumber { get; }

    /// <summary>Gets how long the orchestrator waits before the next attempt.</summary>
    public TimeSpan RetryDelay { get; }

    /// <summary>Gets why the attempt failed.</summary>
    public PublishException Exception { get; }

    /// <summary>Gets a value indicating whether the attempts republish a stream lost to the network rather than serve a <see cref="PublishOrchestrator.PublishAsync"/> call.</summary>
    public bool IsRepublish { get; }
}
