using System;

namespace Vonage.PublishKit;

/// <summary>Data for <see cref="PublishOrchestrator.RepublishFailed"/>: the orchestrator gave up republishing a lost stream.</summary>
public class RepublishFailedEventArgs : EventArgs
{
    /// <summary>Initializes a new instance of the <see cref="RepublishFailedEventArgs"/> class.</summary>
    /// <param name="exception">The failure of the last attempt.</param>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is <see langword="null"/>.</exception>
    public RepublishFailedEventArgs(PublishException exception) => Exception = exception ?? throw new ArgumentNullException(nameof(exception));

    /// <summary>Gets the failure of the last attempt; its <see cref="PublishException.UserMessage"/> is what to tell the user.</summary>
    public PublishException Exception { get; }
}
