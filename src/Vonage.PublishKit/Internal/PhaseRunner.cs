using System;
using System.Runtime.ExceptionServices;
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

    // Static lambdas with explicit state: no closure is allocated per call.
    public Task<TimeSpan> InitializeAsync(IPublisher publisher, CancellationToken cancellationToken) =>
        RunAsync(PublishPhase.Initialize, static (p, ct) => p.InitializeAsync(ct), publisher, initializeTimeout, cancellationToken);

    public Task<TimeSpan> ConnectAsync(ISession session, string token, CancellationToken cancellationToken) =>
        RunAsync(PublishPhase.Connect, static (s, ct) => s.Session.ConnectAsync(s.Token, ct), (Session: session, Token: token), connectTimeout, cancellationToken);

    public Task<TimeSpan> PublishAsync(ISession session, IPublisher publisher, CancellationToken cancellationToken) =>
        RunAsync(PublishPhase.Publish, static (s, ct) => s.Session.PublishAsync(s.Publisher, ct), (Session: session, Publisher: publisher), publishTimeout, cancellationToken);

    /// <summary>
    /// Waits for initialize and connect. A device failure ends the wait at once (it takes precedence and needs
    /// the user) by canceling the try; any other failure waits for the other phase, in case a device failure is
    /// still coming. Returns or throws only once both phases have settled.
    /// </summary>
    public async Task AwaitSetupAsync(Task<TimeSpan> initialize, Task<TimeSpan> connect, CancellationTokenSource tryCancellation)
    {
        if (!initialize.IsCompleted && !connect.IsCompleted)
        {
            await Task.WhenAny(initialize, connect).ConfigureAwait(false);
        }

        if (FailureOf(initialize) is { } deviceFailure && IsDeviceFailure(deviceFailure) && !connect.IsCompleted)
        {
            Cancel(tryCancellation);
        }

        await SettleAsync(initialize, connect).ConfigureAwait(false);

        var initializeFailure = FailureOf(initialize);
        var connectFailure = FailureOf(connect);
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

            ExceptionDispatchInfo.Capture(primary).Throw();
        }

        // Neither failed: either both succeeded or the try was canceled.
        await initialize.ConfigureAwait(false);
        await connect.ConfigureAwait(false);
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

    private static PublishException? FailureOf(Task task) => task.IsFaulted ? task.Exception!.InnerException as PublishException : null;

    /// <summary>Awaits each task, swallowing its failure: the caller inspects them; this only observes them.</summary>
    private static async Task SettleAsync(Task first, Task second)
    {
        await SettleAsync(first).ConfigureAwait(false);
        await SettleAsync(second).ConfigureAwait(false);
    }

    private static async Task SettleAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Observed; the caller inspects the task.
        }
    }

    private async Task<TimeSpan> RunAsync<TState>(PublishPhase phase, Func<TState, CancellationToken, Task> operation, TState state, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Started before the seam is called, so the adapter's own spans nest under the phase.
        var activity = TelemetryRecorder.StartPhase(phase);
        var started = Clock.Timestamp(timeProvider);
        try
        {
            var elapsed = await RunWithTimeoutAsync(phase, operation, state, timeout, cancellationToken).ConfigureAwait(false);
            telemetry.PhaseEnded(phase, elapsed, TagValues.Success);
            return elapsed;
        }
        catch (PublishException failure)
        {
            TelemetryRecorder.SpanFailed(activity, failure);
            telemetry.PhaseEnded(phase, Clock.Since(timeProvider, started), TagValues.Failure);
            throw;
        }
        catch (OperationCanceledException)
        {
            TelemetryRecorder.SpanCanceled(activity);
            telemetry.PhaseEnded(phase, Clock.Since(timeProvider, started), TagValues.Canceled);
            throw;
        }
        finally
        {
            TelemetryRecorder.Stop(activity);
        }
    }

    /// <remarks>
    /// The seam gets the try's token: a seam abandoned on timeout is told to stop when the try ends (at once for
    /// publish; after the other setup phase settles for initialize and connect, whose precedence needs both).
    /// </remarks>
    private async Task<TimeSpan> RunWithTimeoutAsync<TState>(PublishPhase phase, Func<TState, CancellationToken, Task> operation, TState state, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Clock.Timestamp(timeProvider);
        Task task;
        try
        {
            task = operation(state, cancellationToken) ?? throw new InvalidOperationException($"The {phase} operation returned a null task.");
        }
        catch (Exception exception)
        {
            task = Task.FromException(exception);
        }

        try
        {
            await task.WaitAsync(timeout, timeProvider, cancellationToken).ConfigureAwait(false);
            var elapsed = Clock.Since(timeProvider, started);
            Log.PhaseCompleted(logger, phase, Math.Round(elapsed.TotalMilliseconds, 1));
            return elapsed;
        }
        catch (Exception exception) when (!task.IsCompleted)
        {
            // The seam neither succeeded nor failed in time, or the try stopped: stop waiting, and observe
            // whatever it does later.
            ObserveAbandoned(task, phase, logger);
            cancellationToken.ThrowIfCancellationRequested();
            if (exception is not TimeoutException)
            {
                throw PublishErrors.Unexpected(exception, phase);
            }

            Log.PhaseTimedOut(logger, phase, timeout.TotalMilliseconds);
            throw PublishErrors.Timeout(phase, timeout);
        }
        catch (Exception exception)
        {
            var failure = task.Exception?.InnerException ?? exception;
            if (failure is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            if (failure is PublishException)
            {
                ExceptionDispatchInfo.Capture(failure).Throw();
            }

            throw PublishErrors.Unexpected(failure, phase);
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
}
