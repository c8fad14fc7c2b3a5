using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Vonage.PublishKit.Diagnostics;

namespace Vonage.PublishKit.Internal;

/// <summary>
/// Runs the seam calls of one publish try: initialize and connect side by side, then publish, each under its
/// timeout. Every outcome is a duration, a <see cref="PublishException"/> or an
/// <see cref="OperationCanceledException"/>; a seam that ignores cancellation is abandoned and observed.
/// </summary>
internal sealed class PhaseRunner(TimeSpan initializeTimeout, TimeSpan connectTimeout, TimeSpan publishTimeout, TimeProvider timeProvider, ILogger logger, TelemetryRecorder telemetry)
{
    public TimeSpan PublishTimeout => publishTimeout;

    /// <summary>The connect phase of a session that was connected already: nothing to wait for.</summary>
    public static readonly Task<Exception?> AlreadyConnected = Task.FromResult<Exception?>(null);

    // Static lambdas with explicit state: no closure is allocated per call.
    // Each returns the phase's failure, or null (a cached task) when it succeeded; the duration goes to the attempt.
    public Task<Exception?> InitializeAsync(PublishAttempt attempt, IPublisher publisher, CancellationToken cancellationToken) =>
        RunAsync(attempt, PublishPhase.Initialize, static (p, ct) => p.InitializeAsync(ct), publisher, initializeTimeout, cancellationToken);

    public Task<Exception?> ConnectAsync(PublishAttempt attempt, ISession session, string token, CancellationToken cancellationToken) =>
        RunAsync(attempt, PublishPhase.Connect, static (s, ct) => s.Session.ConnectAsync(s.Token, ct), (Session: session, Token: token), connectTimeout, cancellationToken);

    public Task<Exception?> PublishAsync(PublishAttempt attempt, ISession session, IPublisher publisher, CancellationToken cancellationToken) =>
        RunAsync(attempt, PublishPhase.Publish, static (s, ct) => s.Session.PublishAsync(s.Publisher, ct), (Session: session, Publisher: publisher), publishTimeout, cancellationToken);

    /// <summary>
    /// Waits for initialize and connect. A device failure ends the wait at once (it takes precedence and needs
    /// the user) by canceling the try; any other failure waits for the other phase, in case a device failure is
    /// still coming. Returns only once both phases have settled: the primary failure (a
    /// <see cref="PublishException"/>, or an <see cref="OperationCanceledException"/> when the try was
    /// canceled), or <see langword="null"/> when both succeeded. Phase tasks never fault: nothing is thrown.
    /// </summary>
    public async ValueTask<Exception?> AwaitSetupAsync(Task<Exception?> initialize, Task<Exception?> connect, CancellationTokenSource tryCancellation)
    {
        if (!initialize.IsCompleted && !connect.IsCompleted)
        {
            await Task.WhenAny(initialize, connect).ConfigureAwait(false);
        }

        if (initialize.IsCompleted && initialize.Result is PublishException deviceFailure && IsDeviceFailure(deviceFailure) && !connect.IsCompleted)
        {
            Cancel(tryCancellation);
        }

        var initializeResult = await initialize.ConfigureAwait(false);
        var connectResult = await connect.ConfigureAwait(false);

        var initializeFailure = initializeResult as PublishException;
        var connectFailure = connectResult as PublishException;
        var primary = initializeFailure is not null && (connectFailure is null || IsDeviceFailure(initializeFailure))
            ? initializeFailure
            : connectFailure;
        if (primary is not null)
        {
            var other = ReferenceEquals(primary, initializeFailure) ? connectFailure : initializeFailure;
            primary.ConcurrentFailure = ReferenceEquals(other, primary) ? null : other;
            if (primary.ConcurrentFailure is { } concurrent)
            {
                Log.ConcurrentFailure(logger, concurrent, primary.Phase);
            }

            return primary;
        }

        // Neither failed: either both succeeded or the try was canceled.
        return initializeResult ?? connectResult;
    }

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

    private static bool IsDeviceFailure(PublishException exception) =>
        exception.Kind is PublishErrorKind.AccessDenied or PublishErrorKind.DeviceUnavailable;

    /// <summary>
    /// One phase: its span and metric, the seam call and its timeout, in one async layer. The outcome is a value:
    /// the duration, or the failure (a <see cref="PublishException"/> or an <see cref="OperationCanceledException"/>).
    /// </summary>
    /// <remarks>
    /// The seam gets the try's token: a seam abandoned on timeout is told to stop when the try ends (at once for
    /// publish; after the other setup phase settles for initialize and connect, whose precedence needs both).
    /// A seam's task that completed already is inspected, never awaited: a fault costs no throw here.
    /// </remarks>
    private async Task<Exception?> RunAsync<TState>(PublishAttempt attempt, PublishPhase phase, Func<TState, CancellationToken, Task> operation, TState state, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Started before the seam is called, so the adapter's own spans nest under the phase.
        var activity = TelemetryRecorder.StartPhase(phase);
        var started = Clock.Timestamp(timeProvider);
        try
        {
            Task task;
            try
            {
                task = operation(state, cancellationToken) ?? throw new InvalidOperationException($"The {phase} operation returned a null task.");
            }
            catch (Exception exception)
            {
                task = Task.FromException(exception);
            }

            Exception? failure = null;
            Exception? waitFailure = null;
            if (!task.IsCompleted)
            {
                var wait = task.WaitAsync(timeout, timeProvider, cancellationToken);
#if NET8_0_OR_GREATER
                await wait.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
#else
                try
                {
                    await wait.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Inspected below (netstandard2.0 cannot await without throwing).
                }
#endif
                if (wait.Status != TaskStatus.RanToCompletion)
                {
                    waitFailure = FailureOf(wait);
                    if (!task.IsCompleted)
                    {
                        // The seam neither succeeded nor failed in time, or the try stopped: stop waiting, and
                        // observe whatever it does later.
                        ObserveAbandoned(task, phase, logger);
                        if (cancellationToken.IsCancellationRequested)
                        {
                            failure = new OperationCanceledException(cancellationToken);
                        }
                        else if (waitFailure is not TimeoutException)
                        {
                            failure = PublishErrors.Unexpected(waitFailure, phase);
                        }
                        else
                        {
                            Log.PhaseTimedOut(logger, phase, timeout.TotalMilliseconds);
                            failure = PublishErrors.Timeout(phase, timeout);
                        }
                    }
                }
            }

            if (failure is null && (task.Status != TaskStatus.RanToCompletion || waitFailure is not null))
            {
                // The seam's own failure, or (the seam succeeded as the wait ended) the wait's.
                var raw = task.Status == TaskStatus.RanToCompletion ? waitFailure! : FailureOf(task);
                failure = raw switch
                {
                    OperationCanceledException when cancellationToken.IsCancellationRequested => new OperationCanceledException(cancellationToken),
                    PublishException => raw,
                    _ => PublishErrors.Unexpected(raw, phase),
                };
            }

            if (failure is null)
            {
                var elapsed = Clock.Since(timeProvider, started);
                Log.PhaseCompleted(logger, phase, Math.Round(elapsed.TotalMilliseconds, 1));
                telemetry.PhaseEnded(phase, elapsed, TagValues.Success);
                attempt.RecordElapsed(phase, elapsed);
                return null;
            }

            if (failure is PublishException publishFailure)
            {
                TelemetryRecorder.SpanFailed(activity, publishFailure);
                telemetry.PhaseEnded(phase, Clock.Since(timeProvider, started), TagValues.Failure);
            }
            else
            {
                TelemetryRecorder.SpanCanceled(activity);
                telemetry.PhaseEnded(phase, Clock.Since(timeProvider, started), TagValues.Canceled);
            }

            return failure;
        }
        finally
        {
            TelemetryRecorder.Stop(activity);
        }
    }

    /// <summary>What a task that did not succeed ended with, read without throwing.</summary>
    private static Exception FailureOf(Task task) =>
        task.IsFaulted
            ? task.Exception!.InnerException ?? task.Exception
            : new TaskCanceledException(task);

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
}
