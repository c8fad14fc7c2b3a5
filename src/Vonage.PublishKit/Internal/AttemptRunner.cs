using System;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Vonage.PublishKit.Diagnostics;
using Vonage.PublishKit.Resilience;

namespace Vonage.PublishKit.Internal;

/// <summary>
/// Runs one publish (a call or a republish): its tries inside the resilience pipeline, each a fresh publisher
/// initialized while the session connects and then published, and the transition to published or the release.
/// </summary>
internal sealed partial class AttemptRunner
{
    private readonly ISession _session;
    private readonly PublishStateMachine _states;
    private readonly PublisherProvisioner _provisioner;
    private readonly PhaseRunner _phases;
    private readonly AttemptReleaser _releaser;
    private readonly PublicationWatcher _watcher;
    private readonly OrchestratorEvents _events;
    private readonly TelemetryRecorder _telemetry;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline? _customPipeline;
    private readonly ResiliencePipeline<PublishedStream>? _publishRetry;
    private readonly ResiliencePipeline<PublishedStream>? _republishRetry;
    private readonly CancellationToken _disposeToken;

    public AttemptRunner(
        PublishOrchestratorOptions options, ISession session, PublishStateMachine states, PublisherProvisioner provisioner, PhaseRunner phases,
        AttemptReleaser releaser, PublicationWatcher watcher, OrchestratorEvents events, TelemetryRecorder telemetry, ILogger logger, CancellationToken disposeToken)
    {
        _session = session;
        _states = states;
        _provisioner = provisioner;
        _phases = phases;
        _releaser = releaser;
        _watcher = watcher;
        _events = events;
        _telemetry = telemetry;
        _timeProvider = options.TimeProvider;
        _logger = logger;
        _customPipeline = options.ResiliencePipeline;

        // Retry = null and no pipeline of the app's: no pipeline, as Polly would add nothing but its own cost.
        _publishRetry = PublishPipeline.CreateRetry(options, args => OnRetryAsync(args, isRepublish: false));
        _republishRetry = PublishPipeline.CreateRetry(options, args => OnRetryAsync(args, isRepublish: true));
        _disposeToken = disposeToken;
    }

    /// <summary>Runs the attempt to its end. A republish never throws: its failure is <c>RepublishFailed</c>.</summary>
    /// <remarks>Its one async layer (the caller's task) is small: the pipeline's run and the custom pipeline's wait live elsewhere.</remarks>
    public async Task<PublishedStream> RunAsync(PublishAttempt attempt)
    {
        attempt.Started = Clock.Timestamp(_timeProvider);
        var activity = TelemetryRecorder.StartPublish(attempt);
        var retry = attempt.IsRepublish ? _republishRetry : _publishRetry;
        var context = retry is null && _customPipeline is null ? null : ResilienceContextPool.Shared.Get(attempt.StopToken);
        PublishedStream published = null!;
        try
        {
            Exception? failure = null;
            try
            {
                // Outcome-based: a failed try reaches here as a value, not as a rethrow through the pipeline.
                var outcome = await ExecuteAsync(attempt, retry, context).ConfigureAwait(false);
                if (outcome.Exception is { } tryFailure)
                {
                    failure = tryFailure;
                }
                else if (!_states.TryEnterPublished(attempt, outcome.Result!, attempt.StopToken, out var endedMeanwhile))
                {
                    // A stop that came after the session published still wins: roll back below.
                    failure = new OperationCanceledException(attempt.StopToken);
                }
                else
                {
                    published = outcome.Result!;
                    Published(attempt, published, activity, attempt.Started);
                    if (endedMeanwhile is { } reason)
                    {
                        _watcher.EndPublication(attempt, reason, expected: PublishState.Published);
                    }
                }
            }
            catch (Exception exception)
            {
                failure = exception;
            }

            if (failure is not null)
            {
                var callerOutcome = await FailAsync(attempt, failure, activity, attempt.Started).ConfigureAwait(false);
                if (!attempt.IsRepublish)
                {
                    // The one throw of a failed publish (the caller's await is the other); rethrown as captured,
                    // so the seam's stack trace survives.
                    ExceptionDispatchInfo.Capture(callerOutcome).Throw();
                }

                if (callerOutcome is PublishException publishFailure)
                {
                    _events.RaiseRepublishFailed(publishFailure);
                }

                return null!;
            }
        }
        finally
        {
            TelemetryRecorder.Stop(activity);
            if (context is not null && !attempt.PipelineAbandoned)
            // Stryker disable once Block : returning the context only lets the pool reuse it; one not returned is collected, nothing else differs.
            {
                // Stryker disable once Statement : returning the context only lets the pool reuse it; one not returned is collected, nothing else differs.
                ResilienceContextPool.Shared.Return(context);
            }

            attempt.Dispose();
        }

        // A handler of the events above disposed the orchestrator, which released this stream: as documented, a
        // call still in flight at disposal ends canceled rather than with a stream that is gone.
        if (_states.IsDisposed && !attempt.IsRepublish)
        {
            throw new OperationCanceledException("The publish was canceled because the orchestrator was disposed.", _disposeToken);
        }

        return published;
    }

    /// <summary>Runs the tries: in the built-in retry, in the app's pipeline, or (no pipeline) the one try.</summary>
    private ValueTask<Outcome<PublishedStream>> ExecuteAsync(PublishAttempt attempt, ResiliencePipeline<PublishedStream>? retry, ResilienceContext? context)
    {
        if (context is null)
        {
            return TryPublishAsync(attempt, attempt.StopToken);
        }

        return retry is not null
            ? retry.ExecuteOutcomeAsync(static (context, state) => state.Self.TryPublishAsync(state.Attempt, context.CancellationToken), context, (Self: this, Attempt: attempt))
            : ExecuteCustomPipelineAsync(attempt, context);
    }

    /// <summary>
    /// Runs the tries in the app's pipeline, which may ignore cancellation: a stop ends the wait, and the pipeline,
    /// abandoned, keeps the context.
    /// </summary>
    private ValueTask<Outcome<PublishedStream>> ExecuteCustomPipelineAsync(PublishAttempt attempt, ResilienceContext context)
    {
        var execution = _customPipeline!.ExecuteOutcomeAsync(static (context, state) => state.Self.TryPublishAsync(state.Attempt, context.CancellationToken), context, (Self: this, Attempt: attempt));
        // Stryker disable once Conditional : waiting for a completed execution completes at once with the same outcome (it only costs an async layer).
        return execution.IsCompleted ? execution : WaitAsync(attempt, execution.AsTask());

        async ValueTask<Outcome<PublishedStream>> WaitAsync(PublishAttempt attempt, Task<Outcome<PublishedStream>> pending)
        {
            try
            {
                return await pending.WaitAsync(Timeout.InfiniteTimeSpan, _timeProvider, attempt.StopToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!pending.IsCompleted)
            {
                attempt.PipelineAbandoned = true;
                PhaseRunner.ObserveAbandoned(pending, PublishPhase.Publish, _logger);
                throw;
            }
        }
    }

    private void Published(PublishAttempt attempt, PublishedStream stream, Activity? activity, long started)
    {
        Log.Published(_logger, stream);
        TelemetryRecorder.SetTag(activity, TagNames.StreamId, stream.StreamId);
        _telemetry.PublishEnded(attempt.IsRepublish, started, TagValues.Success, errorType: null);
        _events.RaiseStateChanged(attempt.RunningState, PublishState.Published);
        if (attempt.IsRepublish)
        {
            _events.RaiseRepublished(stream);
        }
    }

    /// <summary>Rolls back a stopped success, records the outcome, then releases the attempt; returns what the caller gets.</summary>
    private async Task<Exception> FailAsync(PublishAttempt attempt, Exception exception, Activity? activity, long started)
    {
        // A try that failed released its own publisher (nothing to unpublish); one that succeeded but was
        // stopped still holds it.
        await _releaser.UnpublishAsync(attempt, CancellationToken.None).ConfigureAwait(false);
        var outcome = CallerOutcome(attempt, exception);
        if (outcome is PublishException publishFailure)
        {
            TelemetryRecorder.SpanFailed(activity, publishFailure);
            _telemetry.PublishEnded(attempt.IsRepublish, started, TagValues.Failure, TagValues.Of(publishFailure.Kind));
        }
        else
        {
            TelemetryRecorder.SpanCanceled(activity);
            _telemetry.PublishEnded(attempt.IsRepublish, started, TagValues.Canceled, TagValues.Canceled);
        }

        // Recorded first: whoever waits for the release (UnpublishAsync, DisposeAsync) then sees the outcome.
        await _releaser.ReleaseAsync(attempt, returnFrom: attempt.RunningState).ConfigureAwait(false);
        return outcome;
    }

    private ValueTask OnRetryAsync(OnRetryArguments<PublishedStream> args, bool isRepublish)
    {
        if (args.Outcome.Exception is PublishException failure)
        {
            Log.Retrying(_logger, args.AttemptNumber + 1, Log.Milliseconds(args.RetryDelay), failure.Kind, isRepublish);
            _telemetry.Retried(failure.Kind, isRepublish);
            TelemetryRecorder.RetryEvent(args.AttemptNumber + 1, args.RetryDelay, failure.Kind);
            _events.RaiseRetrying(args.AttemptNumber + 1, args.RetryDelay, failure, isRepublish);
        }

        return default;
    }

    private Exception CallerOutcome(PublishAttempt attempt, Exception exception)
    {
        if (exception is OperationCanceledException)
        {
            string reason;
            Exception outcome;
            if (attempt.CallerToken.IsCancellationRequested)
            {
                reason = "the caller canceled";
                outcome = new OperationCanceledException("The publish was canceled.", exception, attempt.CallerToken);
            }
            else if (attempt.StoppedBy is { } stoppedBy)
            {
                reason = stoppedBy + " stopped it";
                outcome = new OperationCanceledException($"The publish was stopped by {stoppedBy}.", exception);
            }
            else
            {
                reason = "the orchestrator was disposed";
                outcome = new OperationCanceledException("The publish was canceled because the orchestrator was disposed.", exception, _disposeToken);
            }

            Log.PublishCanceled(_logger, reason);
            return outcome;
        }

        // Each try logged its own failure; this is the one the caller gets.
        return exception as PublishException ?? PublishErrors.Unexpected(exception, PublishPhase.Publish);
    }
}
