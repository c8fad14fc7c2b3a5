using System;
using System.Diagnostics;
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
    /// <remarks>
    /// It runs on the caller's stack as far as the seams let it; only a try that has to wait moves into a
    /// <see cref="TryRun"/>, which the pipeline awaits.
    /// </remarks>
    private ValueTask<Outcome<PublishedStream>> TryPublishAsync(PublishAttempt attempt, CancellationToken pipelineToken)
    {
        if (!attempt.TryEnterTry())
        {
            // A pipeline that runs the callback twice at once (hedging) would open a second camera.
            return new(Polly.Outcome.FromException<PublishedStream>(PublishErrors.Unexpected(new InvalidOperationException("The resilience pipeline started a try while another try of the same publish was running; one camera allows one try at a time."), PublishPhase.Initialize)));
        }

        var traced = TelemetryRecorder.Tracing;
        // Stryker disable once Conditional : the parent is read back only when traced (below), so reading it regardless changes nothing.
        var parent = traced ? Activity.Current : null;
        var tryNumber = attempt.NextTry();
        var state = new TryState
        {
            Attempt = attempt,
            Activity = TelemetryRecorder.StartAttempt(tryNumber, attempt.IsRepublish),

            // Without an app's pipeline the first try starts with its attempt (the built-in retry runs it at once): one
            // read of the clock fewer. An app's pipeline may wait first, which is neither the try's time nor its timeouts'.
            // Stryker disable once Logical,Conditional : the first try under the built-in retry starts as its attempt does: reading the clock again gives the same timestamp (in virtual time exactly).
            Started = tryNumber == 1 && _customPipeline is null ? attempt.Started : Clock.Timestamp(_timeProvider),
            Cancellation = attempt.BeginTry(),
        };
        // Stryker disable once Logical : registering on a token that cannot be canceled does nothing.
        if (pipelineToken.CanBeCanceled && pipelineToken != attempt.StopToken)
        {
            state.PipelineStop = pipelineToken.UnsafeRegister(static attempt => ((PublishAttempt)attempt!).StopTry(), attempt);
        }

        // Stryker disable once Conditional : a run started for a try that ended finds it Done at once and completes with the same outcome (an allocation more).
        ValueTask<Outcome<PublishedStream>> outcome = AdvanceTry(ref state, run: null)
            ? new(state.Outcome)
            : new TryRun(this, _timeProvider, state).Start();

        // The attempt's span stays current only inside the try (a try that waits resumes with it).
        if (traced && state.Activity is not null)
        {
            Activity.Current = parent;
        }

        return outcome;
    }

    /// <summary>
    /// Runs the try as far as it goes without waiting. Returns <see langword="true"/> once it has ended (its
    /// outcome set), <see langword="false"/> when it waits: parked in <paramref name="run"/>, or, without one,
    /// for the caller to move it into a run.
    /// </summary>
    internal bool AdvanceTry(ref TryState state, TryRun? run)
    {
        while (true)
        {
            try
            {
                // Once parked, a wake may already run the try on another thread: nothing here reads the state again.
                // Stryker disable once Conditional : no step returns Next once the try is Done (each End is followed by Ended), so the loop never starts at Done.
                switch (state.Step == TryStep.Done ? StepResult.Ended : Step(ref state, run))
                {
                    case StepResult.Ended:
                        return true;
                    case StepResult.Waits:
                        return false;
                }
            }
            // Stryker disable once Logical : the release steps throw nothing (see below), so which of them the filter names changes nothing.
            catch (Exception exception) when (state.Step is not (TryStep.Release or TryStep.Releasing or TryStep.Done))
            {
                // Nothing above is expected to throw (a timer that cannot be created may): the try fails as an adapter failure would,
                // typed, so that even an OperationCanceledException of the app's clock never passes for a stop.
                var phase = state.Step == TryStep.Publish ? PublishPhase.Publish : state.Connect.IsWaiting ? PublishPhase.Connect : PublishPhase.Initialize;
                state.Failure = exception as PublishException ?? PublishErrors.Unexpected(exception, phase);
                _phases.AbandonAll(ref state.Initialize, ref state.Connect, ref state.Publish, exception);
                state.Step = TryStep.Release;
            }
            // Stryker disable all : unreachable: releasing calls only members that never throw (guarded telemetry and logger, a release that is a task).
            catch (Exception exception) when (state.Step != TryStep.Done)
            {
                // Releasing calls nothing that throws; should it, the try still ends, so the attempt never wedges.
                state.Outcome = Polly.Outcome.FromException<PublishedStream>(state.Failure ?? exception);
                End(ref state);
                return true;
            }
            // Stryker restore all
        }
    }

    /// <summary>Takes one step.</summary>
    private StepResult Step(ref TryState state, TryRun? run)
    {
        var cancellationToken = state.Cancellation.Token;
        var nearest = TimeSpan.MaxValue;
        var now = Clock.Unread;
        switch (state.Step)
        {
            case TryStep.Provision:
                var provisioning = _provisioner.ProvisionAsync(state.Attempt, cancellationToken);
                if (provisioning.IsCompletedSuccessfully)
                {
                    (state.Token, state.Publisher) = provisioning.Result;
                    StartSetup(ref state);
                    return StepResult.Next;
                }

                state.Waiting = provisioning.AsTask();
                state.Step = TryStep.Provisioning;
                return StepResult.Next;

            case TryStep.Provisioning:
                if (state.Waiting is Task<(string Token, IPublisher Publisher)> { IsCompleted: true } provisioned)
                {
                    state.Waiting = null;
                    state.WaitingWatched = false;
                    if (provisioned.Status == TaskStatus.RanToCompletion)
                    {
                        (state.Token, state.Publisher) = provisioned.Result;
                        StartSetup(ref state);
                    }
                    else
                    {
                        state.Failure = provisioned.IsFaulted ? provisioned.Exception!.InnerException! : new OperationCanceledException(cancellationToken);
                        state.Step = TryStep.Release;
                    }

                    return StepResult.Next;
                }

                return Resume(run, ref state, phases: false, nearest);

            case TryStep.Setup:
                var initialized = _phases.TrySettle(ref state.Initialize, PublishPhase.Initialize, cancellationToken, ref nearest, ref now);
                // Stryker disable once Logical : an unsettled initialize has no failure, and canceling once connect settled stops nothing the release (next) does not.
                if (initialized && !state.Connect.Settled && !state.DeviceCanceled && PhaseRunner.IsDeviceFailure(state.Initialize.Failure))
                {
                    // A device failure takes precedence and needs the user: the connect phase ends now, as canceled.
                    // Stryker disable once Boolean : without the flag a later look cancels the try again, which changes nothing.
                    state.DeviceCanceled = true;
                    PhaseRunner.Cancel(state.Cancellation);
                }

                var connected = _phases.TrySettle(ref state.Connect, PublishPhase.Connect, cancellationToken, ref nearest, ref now);
                if (!initialized || !connected)
                {
                    return Resume(run, ref state, phases: true, nearest);
                }

                if (_phases.SetupOutcome(state.Initialize, state.Connect) is { } setupFailure)
                {
                    state.Failure = setupFailure;
                    state.Step = TryStep.Release;
                    return StepResult.Next;
                }

                PublishStateMachine.EnterPublishPhase(state.Attempt);
                PhaseRunner.StartPublish(ref state.Publish, _session, state.Publisher!, Clock.Now(_timeProvider, ref now), cancellationToken);
                state.Step = TryStep.Publish;
                return StepResult.Next;

            case TryStep.Publish:
                if (!_phases.TrySettle(ref state.Publish, PublishPhase.Publish, cancellationToken, ref nearest, ref now))
                {
                    return Resume(run, ref state, phases: true, nearest);
                }

                if (state.Publish.Failure is { } publishFailure)
                {
                    state.Failure = publishFailure;
                    state.Step = TryStep.Release;
                    return StepResult.Next;
                }

                state.PublishedOnSession = true;
                Succeeded(ref state, Clock.Now(_timeProvider, ref now));
                // Stryker disable once Conditional : a Done try that returns Next ends at the loop's top (state.Step == Done) just the same.
                return state.Step == TryStep.Done ? StepResult.Ended : StepResult.Next;

            case TryStep.Release:
                PhaseRunner.Cancel(state.Cancellation);
                if (state.Publisher is { } publisher)
                {
                    state.Waiting = _releaser.ReleaseTryPublisherAsync(state.Attempt, publisher, state.PublishedOnSession);
                }

                state.Step = TryStep.Releasing;
                return StepResult.Next;

            default:
                if (state.Waiting is { IsCompleted: false })
                {
                    return Resume(run, ref state, phases: false, nearest);
                }

                Failed(ref state);
                return StepResult.Ended;
        }
    }

    /// <summary>Parks the try in <paramref name="run"/> (without one, it stops for the caller to make one), unless what it waits for happened meanwhile.</summary>
    private static StepResult Resume(TryRun? run, ref TryState state, bool phases, TimeSpan nearest) =>
        run is not null && !run.Park(ref state, phases, nearest) ? StepResult.Next : StepResult.Waits;

    private void StartSetup(ref TryState state)
    {
        var cancellationToken = state.Cancellation.Token;
        bool alreadyConnected;
        try
        {
            alreadyConnected = _session.IsConnected;
        }
        catch (Exception exception)
        {
            state.Failure = PublishErrors.Unexpected(exception, PublishPhase.Connect);
            state.Step = TryStep.Release;
            return;
        }

        TelemetryRecorder.SetTag(state.Activity, TagNames.SessionConnected, alreadyConnected);
        Log.PublishStarted(_logger, alreadyConnected);
        PhaseRunner.StartInitialize(ref state.Initialize, state.Publisher!, state.Started, cancellationToken);
        // A session connected before has no connect phase: it is settled at once.
        state.Connect.Settled = alreadyConnected;
        if (!alreadyConnected)
        {
            PhaseRunner.StartConnect(ref state.Connect, _session, state.Token!, state.Started, cancellationToken);
        }
        state.Step = TryStep.Setup;
    }

    private void Succeeded(ref TryState state, long now)
    {
        var publisher = state.Publisher!;
        PublishedStream stream;
        try
        {
            // The phases are this try's; the total is the whole call's, earlier tries and the delays between them included.
            stream = new PublishedStream(publisher, publisher.StreamId, state.Initialize.Elapsed, state.Connect.Elapsed, state.Publish.Elapsed, Clock.Between(_timeProvider, state.Attempt.Started, now));
        }
        catch (Exception exception)
        {
            // The adapter's stream id threw: the stream is published, so the release unpublishes it.
            state.Failure = exception;
            state.Step = TryStep.Release;
            return;
        }

        PublishStateMachine.MarkTrySucceeded(state.Attempt);
        _telemetry.AttemptEnded(state.Attempt.IsRepublish, TagValues.Success, failure: null);
        state.Outcome = Polly.Outcome.FromResult(stream);
        End(ref state);
    }

    private void Failed(ref TryState state)
    {
        var failure = state.Failure!;
        if (failure is PublishException tryFailure)
        {
            Log.PublishFailed(_logger, tryFailure);
            TelemetryRecorder.SpanFailed(state.Activity, tryFailure);
            _telemetry.AttemptEnded(state.Attempt.IsRepublish, TagValues.Failure, tryFailure);
        }
        else
        {
            TelemetryRecorder.SpanCanceled(state.Activity);
            _telemetry.AttemptEnded(state.Attempt.IsRepublish, TagValues.Canceled, failure: null);
        }

        state.Outcome = Polly.Outcome.FromException<PublishedStream>(failure);
        End(ref state);
    }

    private static void End(ref TryState state)
    {
        state.Step = TryStep.Done;
        TelemetryRecorder.Stop(state.Activity);
        // Stryker disable once Statement : a later cancel of the pipeline's token only calls StopTry, which finds no current try (EndTry cleared it) and a run that ignores the wake.
        state.PipelineStop.Unregister();
        state.Attempt.EndTry(state.Cancellation);
        state.Attempt.ExitTry();
    }
}
