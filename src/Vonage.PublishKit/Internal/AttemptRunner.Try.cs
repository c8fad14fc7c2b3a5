using System;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Vonage.PublishKit.Diagnostics;

namespace Vonage.PublishKit.Internal;

/// <summary>One try of an attempt: its token and publisher, its phases, and the release of what a failed try started.</summary>
internal sealed partial class AttemptRunner
{
    /// <summary>
    /// One try: a fresh publisher initialized while the session connects, then published. On failure the try
    /// stops what it started and disposes its publisher, then returns the failure as the outcome. A try
    /// that another try of the same publish is still running (a hedging pipeline) is refused: one camera, one try.
    /// </summary>
    private async ValueTask<Outcome<PublishedStream>> TryPublishAsync(PublishAttempt attempt, CancellationToken pipelineToken)
    {
        if (!attempt.TryEnterTry())
        {
            // A pipeline that runs the callback twice at once (hedging) would open a second camera.
            return Polly.Outcome.FromException<PublishedStream>(PublishErrors.Unexpected(new InvalidOperationException("The resilience pipeline started a try while another try of the same publish was running; one camera allows one try at a time."), PublishPhase.Initialize));
        }

        // One async layer per try: the guard is released after everything below, its source disposed included.
        try
        {
            var activity = TelemetryRecorder.StartAttempt(attempt.NextTry(), attempt.IsRepublish);
            var started = Clock.Timestamp(_timeProvider);

            // Stopped with the attempt; an app's pipeline may also hand the try a token of its own (a timeout strategy's).
            var tryCancellation = attempt.BeginTry();
            var pipelineStop = pipelineToken.CanBeCanceled && pipelineToken != attempt.StopToken
                ? pipelineToken.UnsafeRegister(static source => PhaseRunner.Cancel((CancellationTokenSource)source!), tryCancellation)
                : default;
            var cancellationToken = tryCancellation.Token;
            IPublisher? publisher = null;
            var publishedOnSession = false;
            try
            {
                Exception failure;
                try
                {
                    var token = await _provisioner.GetTokenAsync(attempt, cancellationToken).ConfigureAwait(false);
                    publisher = await _provisioner.CreatePublisherAsync(attempt, cancellationToken).ConfigureAwait(false);
                    var alreadyConnected = IsSessionConnected();
                    TelemetryRecorder.SetTag(activity, TagNames.SessionConnected, alreadyConnected);
                    Log.PublishStarted(_logger, alreadyConnected);

                    if (alreadyConnected)
                    {
                        attempt.RecordElapsed(PublishPhase.Connect, TimeSpan.Zero);
                    }

                    var initialize = _phases.InitializeAsync(attempt, publisher, cancellationToken);
                    var connect = alreadyConnected ? PhaseRunner.AlreadyConnected : _phases.ConnectAsync(attempt, _session, token, cancellationToken);

                    // Setup failures arrive with both phases settled (AwaitSetupAsync waits for them).
                    var setupFailure = await _phases.AwaitSetupAsync(initialize, connect, tryCancellation).ConfigureAwait(false);
                    if (setupFailure is null)
                    {
                        _states.EnterPublishPhase(attempt);
                        var publishFailure = await _phases.PublishAsync(attempt, _session, publisher, cancellationToken).ConfigureAwait(false);
                        if (publishFailure is null)
                        {
                            publishedOnSession = true;
                            var stream = new PublishedStream(publisher, publisher.StreamId, attempt.InitializeElapsed, attempt.ConnectElapsed, attempt.PublishElapsed, Clock.Since(_timeProvider, started));
                            _states.MarkTrySucceeded(attempt);

                            _telemetry.AttemptEnded(attempt.IsRepublish, TagValues.Success, failure: null);
                            return Polly.Outcome.FromResult(stream);
                        }

                        failure = publishFailure;
                    }
                    else
                    {
                        failure = setupFailure;
                    }
                }
                catch (Exception exception)
                {
                    failure = exception;
                }

                PhaseRunner.Cancel(tryCancellation);
                if (publisher is not null)
                {
                    if (publishedOnSession)
                    {
                        await _releaser.Publishers.UnpublishAsync(publisher, knownStreamId: null, CancellationToken.None).ConfigureAwait(false);
                    }

                    await _releaser.ReleasePublisherAsync(attempt, publisher).ConfigureAwait(false);
                }

                if (failure is PublishException tryFailure)
                {
                    Log.PublishFailed(_logger, tryFailure);
                    TelemetryRecorder.SpanFailed(activity, tryFailure);
                    _telemetry.AttemptEnded(attempt.IsRepublish, TagValues.Failure, tryFailure);
                }
                else
                {
                    TelemetryRecorder.SpanCanceled(activity);
                    _telemetry.AttemptEnded(attempt.IsRepublish, TagValues.Canceled, failure: null);
                }

                return Polly.Outcome.FromException<PublishedStream>(failure);
            }
            finally
            {
                TelemetryRecorder.Stop(activity);
                pipelineStop.Unregister();
                attempt.EndTry(tryCancellation);
            }
        }
        finally
        {
            attempt.ExitTry();
        }
    }

    private bool IsSessionConnected()
    {
        try
        {
            return _session.IsConnected;
        }
        catch (Exception exception)
        {
            throw PublishErrors.Unexpected(exception, PublishPhase.Connect);
        }
    }
}
