using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Polly;

namespace Vonage.PublishKit.Internal;

/// <summary>Where a try is: its step and what it holds. A value on the caller's stack until the try has to wait (then in a <see cref="TryRun"/>).</summary>
internal struct TryState
{
    public PublishAttempt Attempt;

    /// <summary>The try's source: stopped with the attempt, and canceled when the try ends, so that a seam it abandoned stops too.</summary>
    public CancellationTokenSource Cancellation;

    /// <summary>An app's pipeline may hand the try a token of its own (a timeout strategy's): it stops the try too.</summary>
    public CancellationTokenRegistration PipelineStop;

    public Activity? Activity;

    public long Started;

    public TryStep Step;

    public string? Token;

    public IPublisher? Publisher;

    /// <summary>What the try waits for outside its phases: the token and the publisher, or the release of a failed try.</summary>
    public Task? Waiting;

    public bool WaitingWatched;

    public PhaseRun Initialize;

    public PhaseRun Connect;

    public PhaseRun Publish;

    /// <summary>Whether a device failure already canceled the try to end the connect phase early.</summary>
    public bool DeviceCanceled;

    /// <summary>Whether the session published the try's publisher, so a failure after that must unpublish it.</summary>
    public bool PublishedOnSession;

    public System.Exception? Failure;

    public Outcome<PublishedStream> Outcome;
}
