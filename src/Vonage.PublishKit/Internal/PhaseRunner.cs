using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Vonage.PublishKit.Diagnostics;

namespace Vonage.PublishKit.Internal;

/// <summary>
/// The seam calls of a try's phases, each under its timeout, without waiting: a phase is started, then settled
/// when its seam completed, the try was stopped or its timeout passed (the try decides when to look again).
/// Every outcome is a duration, a <see cref="PublishException"/> or an <see cref="OperationCanceledException"/>;
/// a seam's completed task is inspected, never awaited, so a fault costs no throw; a seam that ignores
/// cancellation is abandoned and observed.
/// </summary>
internal sealed class PhaseRunner(TimeSpan initializeTimeout, TimeSpan connectTimeout, TimeSpan publishTimeout, TimeProvider timeProvider, ILogger logger, TelemetryRecorder telemetry)
{
    // Static lambdas with explicit state: no closure is allocated per call.
    // Each phase starts at a timestamp the try already read (its start, or the end of setup), and is written in
    // place in the try's state: a phase copied out and back would cost a write barrier per reference it holds.
    public static void StartInitialize(ref PhaseRun run, IPublisher publisher, long started, CancellationToken cancellationToken) =>
        Start(ref run, PublishPhase.Initialize, static (p, ct) => p.InitializeAsync(ct), publisher, started, cancellationToken);

    public static void StartConnect(ref PhaseRun run, ISession session, string token, long started, CancellationToken cancellationToken) =>
        Start(ref run, PublishPhase.Connect, static (s, ct) => s.Session.ConnectAsync(s.Token, ct), (Session: session, Token: token), started, cancellationToken);

    public static void StartPublish(ref PhaseRun run, ISession session, IPublisher publisher, long started, CancellationToken cancellationToken) =>
        Start(ref run, PublishPhase.Publish, static (s, ct) => s.Session.PublishAsync(s.Publisher, ct), (Session: session, Publisher: publisher), started, cancellationToken);

    /// <summary>
    /// Settles the phase if it can without waiting: its seam completed, the try was stopped, or its timeout passed.
    /// Otherwise lowers <paramref name="nearest"/> to the time left before its timeout (an infinite timeout leaves it) and returns <see langword="false"/>.
    /// </summary>
    /// <remarks>
    /// The seam got the try's token: a seam abandoned on timeout is told to stop when the try ends (at once for
    /// publish; after the other setup phase settles for initialize and connect, whose precedence needs both).
    /// </remarks>
    public bool TrySettle(ref PhaseRun run, PublishPhase phase, CancellationToken cancellationToken, ref TimeSpan nearest, ref long now)
    {
        if (run.Settled)
        {
            return true;
        }

        var task = run.Task!;
        if (task.IsCompleted)
        {
            Complete(ref run, phase, task, Clock.Now(timeProvider, ref now), cancellationToken);
            return true;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            Abandon(ref run, phase, new OperationCanceledException(cancellationToken), ref now);
            // Stryker disable once Boolean : the phase is settled either way; read as unsettled it costs one more look, which the stop makes at once.
            return true;
        }

        var timeout = TimeoutOf(phase);
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return false;
        }

        TimeSpan left;
        try
        {
            if (now == Clock.Unread)
            {
                now = timeProvider.GetTimestamp();
            }

            left = timeout - timeProvider.GetElapsedTime(run.Started, now);
        }
        catch (Exception exception)
        {
            // A clock that fails cannot time the phase: reported as an adapter failure would be.
            Abandon(ref run, phase, PublishErrors.Unexpected(exception, phase), ref now);
            return true;
        }

        if (left <= TimeSpan.Zero)
        {
            Log.PhaseTimedOut(logger, phase, timeout.TotalMilliseconds);
            Abandon(ref run, phase, PublishErrors.Timeout(phase, timeout), ref now);
            return true;
        }

        // Stryker disable once Equality : at left == nearest both keep the same value.
        if (left < nearest)
        {
            nearest = left;
        }

        return false;
    }

    /// <summary>Settles a phase that cannot go on (the try failed around it): its seam is abandoned with <paramref name="failure"/>.</summary>
    public void Abandon(ref PhaseRun run, PublishPhase phase, Exception failure, ref long now)
    {
        if (run.Settled || run.Task is null)
        {
            return;
        }

        // Observed either way: a seam that completed since it was last looked at has a failure nobody else reads.
        var task = run.Task;
        if (task.IsCompleted)
        {
            _ = task.Exception;
        }
        else
        {
            ObserveAbandoned(task, phase, logger);
        }

        Failed(ref run, phase, failure, Clock.Now(timeProvider, ref now));
    }

    /// <summary>Settles every phase of a try that failed around them (its engine threw), each with a typed failure of its own phase.</summary>
    public void AbandonAll(ref PhaseRun initialize, ref PhaseRun connect, ref PhaseRun publish, Exception exception)
    {
        var now = Clock.Unread;
        Abandon(ref initialize, PublishPhase.Initialize, PublishErrors.Unexpected(exception, PublishPhase.Initialize), ref now);
        Abandon(ref connect, PublishPhase.Connect, PublishErrors.Unexpected(exception, PublishPhase.Connect), ref now);
        Abandon(ref publish, PublishPhase.Publish, PublishErrors.Unexpected(exception, PublishPhase.Publish), ref now);
    }

    /// <summary>
    /// The primary failure of initialize and connect, once both settled: a device failure takes precedence and
    /// needs the user, then whichever failed; the other failure rides along as <see cref="PublishException.ConcurrentFailure"/>.
    /// An <see cref="OperationCanceledException"/> when the try was stopped, <see langword="null"/> when both succeeded.
    /// </summary>
    public Exception? SetupOutcome(in PhaseRun initialize, in PhaseRun connect)
    {
        var initializeFailure = initialize.Failure as PublishException;
        var connectFailure = connect.Failure as PublishException;
        var primary = initializeFailure is not null && (connectFailure is null || IsDeviceFailure(initializeFailure))
            ? initializeFailure
            : connectFailure;
        if (primary is null)
        {
            // Stryker disable once NullCoalescing : with no PublishException each failure is null or the same try's cancellation, which look alike.
            return initialize.Failure ?? connect.Failure;
        }

        var other = ReferenceEquals(primary, initializeFailure) ? connectFailure : initializeFailure;
        primary.ConcurrentFailure = ReferenceEquals(other, primary) ? null : other;
        if (primary.ConcurrentFailure is { } concurrent)
        {
            Log.ConcurrentFailure(logger, concurrent, primary.Phase);
        }

        return primary;
    }

    public static bool IsDeviceFailure(Exception? exception) =>
        exception is PublishException { Kind: PublishErrorKind.AccessDenied or PublishErrorKind.DeviceUnavailable };

    public static void Cancel(CancellationTokenSource? source)
    {
        try
        {
            source?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
        catch (AggregateException)
        {
            // A seam's cancellation callback threw; the cancellation itself happened.
        }
    }

    /// <summary>Logs what a seam the orchestrator stopped waiting for does later, so its failure is never unobserved.</summary>
    public static void ObserveAbandoned(Task task, PublishPhase phase, ILogger logger)
    {
        _ = task.ContinueWith(
            static (t, state) =>
            {
                var (logger, phase) = ((ILogger, PublishPhase))state!;
                if (t.Exception?.InnerException is { } failure and not OperationCanceledException)
                {
                    Log.AbandonedOperationFailed(logger, phase, failure);
                }
            },
            (logger, phase),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>What a task that did not succeed ended with, read without throwing.</summary>
    private static Exception FailureOf(Task task) =>
        task.IsFaulted
            ? task.Exception!.InnerException ?? task.Exception
            : new TaskCanceledException(task);

    private TimeSpan TimeoutOf(PublishPhase phase) => phase switch
    {
        PublishPhase.Initialize => initializeTimeout,
        PublishPhase.Connect => connectTimeout,
        _ => publishTimeout,
    };

    private static void Start<TState>(ref PhaseRun run, PublishPhase phase, Func<TState, CancellationToken, Task> operation, TState state, long started, CancellationToken cancellationToken)
    {
        // Started before the seam is called, so the adapter's own spans nest under the phase; the next phase's
        // span is its sibling, not its child.
        var traced = TelemetryRecorder.Tracing;
        // Stryker disable once Conditional : the parent is read back only when traced (below), so reading it regardless changes nothing.
        var parent = traced ? Activity.Current : null;
        run.Activity = TelemetryRecorder.StartPhase(phase);
        run.Started = started;
        try
        {
            run.Task = operation(state, cancellationToken) ?? throw new InvalidOperationException($"The {phase} operation returned a null task.");
        }
        catch (Exception exception)
        {
            run.Task = Task.FromException(exception);
        }

        if (traced && run.Activity is not null)
        {
            Activity.Current = parent;
        }
    }

    private void Complete(ref PhaseRun run, PublishPhase phase, Task task, long now, CancellationToken cancellationToken)
    {
        if (task.Status == TaskStatus.RanToCompletion)
        {
            var elapsed = Clock.Between(timeProvider, run.Started, now);
            Log.PhaseCompleted(logger, phase, elapsed);
            telemetry.PhaseEnded(phase, elapsed, TagValues.Success);
            run.Elapsed = elapsed;
            run.Settled = true;
            TelemetryRecorder.Stop(run.Activity);
            return;
        }

        var raw = FailureOf(task);
        Failed(
            ref run,
            phase,
            raw switch
            {
                OperationCanceledException when cancellationToken.IsCancellationRequested => new OperationCanceledException(cancellationToken),
                PublishException => raw,
                _ => PublishErrors.Unexpected(raw, phase),
            },
            now);
    }

    private void Failed(ref PhaseRun run, PublishPhase phase, Exception failure, long now)
    {
        if (failure is PublishException publishFailure)
        {
            TelemetryRecorder.SpanFailed(run.Activity, publishFailure);
            telemetry.PhaseEnded(phase, Clock.Between(timeProvider, run.Started, now), TagValues.Failure);
        }
        else
        {
            TelemetryRecorder.SpanCanceled(run.Activity);
            telemetry.PhaseEnded(phase, Clock.Between(timeProvider, run.Started, now), TagValues.Canceled);
        }

        run.Failure = failure;
        run.Settled = true;
        TelemetryRecorder.Stop(run.Activity);
    }
}
