using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vonage.PublishKit.Internal;

namespace Vonage.PublishKit;

/// <summary>
/// Publishes a camera and microphone stream in one awaitable call: creates a publisher, initializes it while
/// the session connects, publishes once both are ready, and turns every failure into one typed
/// <see cref="PublishException"/> after releasing the publisher.
/// </summary>
/// <remarks>
/// <para>
/// The orchestrator owns every publisher it creates and disposes each exactly once: on failure, on
/// <see cref="UnpublishAsync"/>, when the stream is lost, and on <see cref="DisposeAsync"/>. It never
/// disconnects the session, which belongs to the caller.
/// </para>
/// <para>
/// Members are thread-safe. Events may be raised on any thread, including the SDK's; an exception thrown by
/// a handler is logged and ignored.
/// </para>
/// </remarks>
public class PublishOrchestrator : IAsyncDisposable
{
    private readonly ISession _session;
    private readonly IPublisherFactory _publisherFactory;
    private readonly PublisherSettings _publisherSettings;
    private readonly TimeSpan _initializeTimeout;
    private readonly TimeSpan _connectTimeout;
    private readonly TimeSpan _publishTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _disposeCts = new();
    private readonly HashSet<PublishAttempt> _unreleased = [];
    private readonly TaskCompletionSource<bool> _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PublishState _state;
    private PublishAttempt? _current;
    private bool _disposeStarted;

    /// <summary>Initializes a new instance with default <see cref="PublishOrchestratorOptions"/>.</summary>
    /// <param name="session">The session to publish into. The caller keeps ownership.</param>
    /// <param name="publisherFactory">Creates a publisher for each attempt.</param>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> or <paramref name="publisherFactory"/> is <see langword="null"/>.</exception>
    public PublishOrchestrator(ISession session, IPublisherFactory publisherFactory)
        : this(session, publisherFactory, new PublishOrchestratorOptions())
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="session">The session to publish into. The caller keeps ownership.</param>
    /// <param name="publisherFactory">Creates a publisher for each attempt.</param>
    /// <param name="options">Timeouts, publisher settings and time source. They are copied: later changes have no effect.</param>
    /// <param name="logger">Where to log, or <see langword="null"/> for no logging.</param>
    /// <exception cref="ArgumentNullException">An argument or <paramref name="options"/>' <c>TimeProvider</c> or <c>Publisher</c> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timeout in <paramref name="options"/> is zero or negative; the parameter name is the option's.</exception>
    public PublishOrchestrator(ISession session, IPublisherFactory publisherFactory, PublishOrchestratorOptions options, ILogger<PublishOrchestrator>? logger = null)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        _publisherFactory = publisherFactory ?? throw new ArgumentNullException(nameof(publisherFactory));
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        options.Validate();
        _publisherSettings = options.Publisher.Clone();
        _initializeTimeout = options.InitializeTimeout;
        _connectTimeout = options.ConnectTimeout;
        _publishTimeout = options.PublishTimeout;
        _timeProvider = options.TimeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _session.Disconnected += OnSessionDisconnected;
    }

    /// <summary>Initializes a new instance for mocking. Only members a mock overrides may be called.</summary>
    protected PublishOrchestrator()
    {
        _session = null!;
        _publisherFactory = null!;
        _publisherSettings = new PublisherSettings();
        _timeProvider = TimeProvider.System;
        _logger = NullLogger.Instance;
    }

    /// <summary>Occurs once when the published stream is lost to the network, after which <see cref="State"/> is <see cref="PublishState.Idle"/>.</summary>
    /// <remarks>
    /// Raised when the publisher's stream is destroyed, or the session disconnects, with reason
    /// <c>NetworkDisconnected</c>. The publisher is released right after the handlers return. A handler may call
    /// <see cref="PublishAsync"/> to publish again.
    /// </remarks>
    public event EventHandler<NetworkDisconnectedEventArgs>? NetworkDisconnected;

    /// <summary>Occurs after every change of <see cref="State"/>.</summary>
    public event EventHandler<PublishStateChangedEventArgs>? StateChanged;

    /// <summary>Gets where the orchestrator is in its life.</summary>
    public PublishState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Gets the published stream, or <see langword="null"/> unless <see cref="State"/> is <see cref="PublishState.Published"/>.</summary>
    public PublishedStream? CurrentStream
    {
        get
        {
            lock (_gate)
            {
                return _state == PublishState.Published ? _current?.Stream : null;
            }
        }
    }

    /// <summary>
    /// Creates a publisher, initializes it while connecting the session (unless it is connected already), then
    /// publishes. On any failure the publisher is disposed before the returned task completes.
    /// </summary>
    /// <param name="token">The client token for the session. It is a secret: never logged, never part of an exception.</param>
    /// <param name="cancellationToken">Cancels the attempt; the publisher is released and the task is canceled.</param>
    /// <returns>The published stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="token"/> is empty or white space.</exception>
    /// <exception cref="InvalidOperationException">A publish is in progress or a stream is published; unpublish first.</exception>
    /// <exception cref="ObjectDisposedException">The orchestrator is disposed.</exception>
    /// <exception cref="AccessDeniedException">The user denied access to the camera or microphone.</exception>
    /// <exception cref="DeviceUnavailableException">No camera or microphone could be acquired in time.</exception>
    /// <exception cref="NotConnectedException">The session could not connect in time, or is offline.</exception>
    /// <exception cref="PeerConnectionFailedException">The media connection failed or the publish did not complete in time.</exception>
    /// <exception cref="PublishException">Any other failure, including an unexpected adapter exception (as the inner exception).</exception>
    /// <exception cref="OperationCanceledException">
    /// <paramref name="cancellationToken"/> was canceled, or <see cref="UnpublishAsync"/> or <see cref="DisposeAsync"/>
    /// stopped the attempt.
    /// </exception>
    public virtual Task<PublishedStream> PublishAsync(string token, CancellationToken cancellationToken = default)
    {
        if (token is null)
        {
            throw new ArgumentNullException(nameof(token));
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            throw new ArgumentException("The token must not be empty or white space.", nameof(token));
        }

        PublishAttempt attempt;
        lock (_gate)
        {
            switch (_state)
            {
                case PublishState.Disposed:
                    throw new ObjectDisposedException(GetType().FullName);
                case PublishState.Publishing:
                    throw new InvalidOperationException("A publish is already in progress. Await it, cancel it or call UnpublishAsync before publishing again.");
                case PublishState.Published:
                    throw new InvalidOperationException("A stream is already published. Call UnpublishAsync before publishing again.");
                case PublishState.Unpublishing:
                    throw new InvalidOperationException("The stream is being unpublished. Await UnpublishAsync before publishing again.");
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled<PublishedStream>(cancellationToken);
            }

            attempt = new PublishAttempt(cancellationToken, _disposeCts.Token);
            _unreleased.Add(attempt);
            _current = attempt;
            _state = PublishState.Publishing;
        }

        RaiseStateChanged(PublishState.Idle, PublishState.Publishing);
        return RunAttemptAsync(attempt, token);
    }

    /// <summary>
    /// Stops publishing: unpublishes the stream and disposes its publisher, after which <see cref="PublishAsync"/>
    /// may be called again. During a publish attempt it stops the attempt. Does nothing when idle.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the session to confirm; the publisher is released all the same.</param>
    /// <returns>A task that completes when the publisher is released.</returns>
    /// <exception cref="ObjectDisposedException">The orchestrator is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled before the session confirmed.</exception>
    public virtual Task UnpublishAsync(CancellationToken cancellationToken = default)
    {
        PublishAttempt target;
        PublishState state;
        lock (_gate)
        {
            state = _state;
            switch (state)
            {
                case PublishState.Disposed:
                    throw new ObjectDisposedException(GetType().FullName);
                case PublishState.Idle:
                    return Task.CompletedTask;
                case PublishState.Publishing:
                    // Checked by the attempt under this lock, so a publish that just succeeded is rolled back.
                    _current!.StoppedByUnpublish = true;
                    break;
                case PublishState.Published:
                    _state = PublishState.Unpublishing;
                    break;
            }

            target = _current!;
        }

        if (state != PublishState.Published)
        {
            // A publish in flight is stopped; an unpublish in flight is joined.
            if (state == PublishState.Publishing)
            {
                Cancel(target.Cancellation);
            }

            return target.Released.WaitAsync(Timeout.InfiniteTimeSpan, _timeProvider, cancellationToken);
        }

        RaiseStateChanged(PublishState.Published, PublishState.Unpublishing);
        return UnpublishCoreAsync(target, cancellationToken);
    }

    /// <summary>
    /// Stops any publish attempt, unpublishes and releases every publisher, and detaches from the session.
    /// Idempotent; concurrent calls all complete when disposal has finished.
    /// </summary>
    /// <remarks>
    /// A <see cref="PublishAsync"/> call in flight ends with <see cref="OperationCanceledException"/>. Every later call
    /// gets <see cref="ObjectDisposedException"/>. No event is raised after the transition to <see cref="PublishState.Disposed"/>.
    /// </remarks>
    /// <returns>A task that completes when every publisher is released.</returns>
    public async ValueTask DisposeAsync()
    {
        PublishState previous;
        PublishAttempt? published = null;
        lock (_gate)
        {
            if (_disposeStarted)
            {
                previous = PublishState.Disposed;
            }
            else
            {
                _disposeStarted = true;
                previous = _state;
                if (_state == PublishState.Published)
                {
                    published = _current;
                }

                _state = PublishState.Disposed;
                _current = null;
            }
        }

        if (previous == PublishState.Disposed)
        {
            await _disposed.Task.ConfigureAwait(false);
            return;
        }

        RaiseStateChanged(previous, PublishState.Disposed);
        StateChanged = null;
        NetworkDisconnected = null;
        if (_session is not null)
        {
            _session.Disconnected -= OnSessionDisconnected;
        }

        Cancel(_disposeCts);
        if (published is not null)
        {
            await UnpublishQuietlyAsync(published, CancellationToken.None).ConfigureAwait(false);
            await ReleaseAsync(published, returnFrom: null).ConfigureAwait(false);
        }

        Task[] pending;
        lock (_gate)
        {
            pending = new Task[_unreleased.Count];
            var i = 0;
            foreach (var attempt in _unreleased)
            {
                pending[i++] = attempt.Released;
            }
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        _disposed.TrySetResult(true);
        GC.SuppressFinalize(this);
    }

    private static bool IsDeviceFailure(PublishException exception) =>
        exception.Kind is PublishErrorKind.AccessDenied or PublishErrorKind.DeviceUnavailable;

    private static PublishException? FailureOf(Task task) => task.IsFaulted ? task.Exception!.InnerException as PublishException : null;

    private static StreamDestroyedReason ToStreamReason(DisconnectReason reason) => reason switch
    {
        DisconnectReason.NetworkDisconnected => StreamDestroyedReason.NetworkDisconnected,
        DisconnectReason.ClientDisconnected => StreamDestroyedReason.ClientDisconnected,
        DisconnectReason.ForceDisconnected => StreamDestroyedReason.ForceDisconnected,
        DisconnectReason.ForceUnpublished => StreamDestroyedReason.ForceUnpublished,
        DisconnectReason.MediaStopped => StreamDestroyedReason.MediaStopped,
        _ => StreamDestroyedReason.Unknown,
    };

    private async Task<PublishedStream> RunAttemptAsync(PublishAttempt attempt, string token)
    {
        var started = _timeProvider.GetTimestamp();
        var cancellationToken = attempt.Cancellation.Token;
        Task<TimeSpan>? initialize = null;
        Task<TimeSpan>? connect = null;
        CancellationTokenSource? connectCancellation = null;
        var publishedOnSession = false;
        try
        {
            var publisher = CreatePublisher(attempt);
            var alreadyConnected = IsSessionConnected();
            Log.PublishStarted(_logger, alreadyConnected);

            initialize = RunPhaseAsync(PublishPhase.Initialize, publisher.InitializeAsync, _initializeTimeout, cancellationToken);
            if (alreadyConnected)
            {
                connect = Task.FromResult(TimeSpan.Zero);
            }
            else
            {
                // Its own source, so a device failure can stop the connect without stopping the attempt.
                connectCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                connect = RunPhaseAsync(PublishPhase.Connect, ct => _session.ConnectAsync(token, ct), _connectTimeout, connectCancellation.Token);
            }

            await AwaitSetupAsync(initialize, connect, connectCancellation).ConfigureAwait(false);

            lock (_gate)
            {
                attempt.InPublishPhase = true;
            }

            var publishDuration = await RunPhaseAsync(PublishPhase.Publish, ct => _session.PublishAsync(publisher, ct), _publishTimeout, cancellationToken).ConfigureAwait(false);
            publishedOnSession = true;
            var stream = new PublishedStream(publisher, publisher.StreamId, initialize.Result, connect.Result, publishDuration, _timeProvider.GetElapsedTime(started));

            StreamDestroyedReason? endedWhilePublishing;
            lock (_gate)
            {
                // A stop that came after the session published still wins: roll back below.
                if (_state != PublishState.Publishing || !ReferenceEquals(_current, attempt) || attempt.StoppedByUnpublish || cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException(cancellationToken);
                }

                attempt.Stream = stream;
                endedWhilePublishing = attempt.PendingLoss;
                _state = PublishState.Published;
            }

            Log.Published(_logger, stream.StreamId, Math.Round(stream.TotalDuration.TotalMilliseconds, 1));
            RaiseStateChanged(PublishState.Publishing, PublishState.Published);
            if (endedWhilePublishing is { } reason)
            {
                EndPublication(attempt, reason);
            }

            return stream;
        }
        catch (Exception exception)
        {
            // Stop whatever is still running, wait for our own phase tasks (they finish promptly once
            // canceled), then release the publisher before the caller sees the outcome.
            Cancel(attempt.Cancellation);
            await SettleAsync(initialize, connect).ConfigureAwait(false);
            if (publishedOnSession)
            {
                await UnpublishQuietlyAsync(attempt, CancellationToken.None).ConfigureAwait(false);
            }

            await ReleaseAsync(attempt, returnFrom: PublishState.Publishing).ConfigureAwait(false);
            throw Outcome(attempt, exception);
        }
        finally
        {
            connectCancellation?.Dispose();
            attempt.Dispose();
        }
    }

    private IPublisher CreatePublisher(PublishAttempt attempt)
    {
        IPublisher? publisher;
        try
        {
            publisher = _publisherFactory.CreatePublisher(_publisherSettings.Clone());
        }
        catch (Exception exception) when (exception is not PublishException)
        {
            throw PublishErrors.Unexpected(exception, PublishPhase.Initialize);
        }

        if (publisher is null)
        {
            throw PublishErrors.Unexpected(new InvalidOperationException("The publisher factory returned null."), PublishPhase.Initialize);
        }

        EventHandler<StreamDestroyedEventArgs> handler = (_, e) => OnStreamEnded(attempt, e?.Reason ?? StreamDestroyedReason.Unknown);
        lock (_gate)
        {
            attempt.Publisher = publisher;
            attempt.StreamDestroyedHandler = handler;
        }

        publisher.StreamDestroyed += handler;
        return publisher;
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

    /// <summary>
    /// Waits for initialize and connect. A device failure ends the wait at once (it takes precedence and needs
    /// the user); any other failure waits for the other phase, in case a device failure is still coming.
    /// </summary>
    private async Task AwaitSetupAsync(Task<TimeSpan> initialize, Task<TimeSpan> connect, CancellationTokenSource? connectCancellation)
    {
        if (!initialize.IsCompleted && !connect.IsCompleted)
        {
            await Task.WhenAny(initialize, connect).ConfigureAwait(false);
        }

        if (FailureOf(initialize) is { } deviceFailure && IsDeviceFailure(deviceFailure) && !connect.IsCompleted)
        {
            Cancel(connectCancellation);
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
                Log.ConcurrentFailure(_logger, concurrent.Phase, concurrent.Kind, concurrent.SdkErrorCode, primary.Phase);
            }

            ExceptionDispatchInfo.Capture(primary).Throw();
        }

        // Neither failed: either both succeeded or the attempt was canceled.
        await initialize.ConfigureAwait(false);
        await connect.ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one seam call under the phase's timeout. Returns how long it took, or throws a
    /// <see cref="PublishException"/> (a seam failure, mapped, or the phase's timeout) or an
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> stopped it.
    /// </summary>
    private async Task<TimeSpan> RunPhaseAsync(PublishPhase phase, Func<CancellationToken, Task> operation, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        var phaseCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task task;
        try
        {
            task = operation(phaseCancellation.Token) ?? throw new InvalidOperationException($"The {phase} operation returned a null task.");
        }
        catch (Exception exception)
        {
            task = Task.FromException(exception);
        }

        try
        {
            await task.WaitAsync(timeout, _timeProvider, cancellationToken).ConfigureAwait(false);
            var elapsed = _timeProvider.GetElapsedTime(started);
            Log.PhaseCompleted(_logger, phase, Math.Round(elapsed.TotalMilliseconds, 1));
            return elapsed;
        }
        catch (Exception exception) when (!task.IsCompleted)
        {
            // The seam neither succeeded nor failed in time, or the attempt stopped: ask it to stop, stop
            // waiting, and observe whatever it does later.
            Cancel(phaseCancellation);
            ObserveAbandoned(task, phase, phaseCancellation);
            phaseCancellation = null;
            cancellationToken.ThrowIfCancellationRequested();
            if (exception is not TimeoutException)
            {
                throw PublishErrors.Unexpected(exception, phase);
            }

            Log.PhaseTimedOut(_logger, phase, timeout.TotalMilliseconds);
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
        finally
        {
            phaseCancellation?.Dispose();
        }
    }

    private void ObserveAbandoned(Task task, PublishPhase phase, CancellationTokenSource phaseCancellation)
    {
        // The seam still holds the phase token, so its source lives until the seam is done with it.
        _ = task.ContinueWith(
            static (t, state) =>
            {
                var (logger, phase, cancellation) = ((ILogger, PublishPhase, CancellationTokenSource))state!;
                cancellation.Dispose();
                if (t.Exception?.InnerException is { } failure and not OperationCanceledException)
                {
                    Log.AbandonedOperationFailed(logger, phase, failure);
                }
            },
            (_logger, phase, phaseCancellation),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static async Task SettleAsync(Task? first, Task? second)
    {
        foreach (var task in new[] { first, second })
        {
            if (task is null)
            {
                continue;
            }

            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Inspected by the caller; awaiting here only observes it.
            }
        }
    }

    private Exception Outcome(PublishAttempt attempt, Exception exception)
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
            else if (attempt.StoppedByUnpublish)
            {
                reason = "UnpublishAsync stopped it";
                outcome = new OperationCanceledException("The publish was stopped by UnpublishAsync.", exception);
            }
            else
            {
                reason = "the orchestrator was disposed";
                outcome = new OperationCanceledException("The publish was canceled because the orchestrator was disposed.", exception, _disposeCts.Token);
            }

            Log.PublishCanceled(_logger, reason);
            return outcome;
        }

        var failure = exception as PublishException ?? PublishErrors.Unexpected(exception, PublishPhase.Publish);
        Log.PublishFailed(_logger, failure.Phase, failure.Kind, failure.SdkErrorCode, failure.SdkErrorName, failure.IsTransient);
        return failure;
    }

    private async Task UnpublishCoreAsync(PublishAttempt publication, CancellationToken cancellationToken)
    {
        var canceled = await UnpublishQuietlyAsync(publication, cancellationToken).ConfigureAwait(false);
        await ReleaseAsync(publication, returnFrom: PublishState.Unpublishing).ConfigureAwait(false);
        Log.Unpublished(_logger, publication.Stream?.StreamId);

        if (canceled)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <summary>Asks the session to unpublish, bounded by the publish timeout. Returns whether <paramref name="cancellationToken"/> stopped the wait.</summary>
    private async Task<bool> UnpublishQuietlyAsync(PublishAttempt publication, CancellationToken cancellationToken)
    {
        var publisher = publication.Publisher!;
        try
        {
            await _session.UnpublishAsync(publisher, cancellationToken).WaitAsync(_publishTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
            return false;
        }
        catch (Exception exception)
        {
            Log.UnpublishFailed(_logger, publication.Stream?.StreamId, exception);
            return exception is OperationCanceledException && cancellationToken.IsCancellationRequested;
        }
    }

    /// <summary>
    /// Unsubscribes from and disposes the attempt's publisher, once, whoever asks first; then, if the attempt
    /// is still current in <paramref name="returnFrom"/>, returns to idle before anyone waiting is released.
    /// </summary>
    private async Task ReleaseAsync(PublishAttempt attempt, PublishState? returnFrom)
    {
        if (!attempt.TryBeginRelease())
        {
            await attempt.Released.ConfigureAwait(false);
            return;
        }

        IPublisher? publisher;
        EventHandler<StreamDestroyedEventArgs>? handler;
        lock (_gate)
        {
            publisher = attempt.Publisher;
            handler = attempt.StreamDestroyedHandler;
        }

        if (publisher is not null)
        {
            if (handler is not null)
            {
                publisher.StreamDestroyed -= handler;
            }

            try
            {
                await publisher.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                Log.PublisherDisposeFailed(_logger, exception);
            }
        }

        lock (_gate)
        {
            _unreleased.Remove(attempt);
        }

        if (returnFrom is { } state)
        {
            ReturnToIdle(attempt, state);
        }

        attempt.MarkReleased();
    }

    /// <summary>Moves to <see cref="PublishState.Idle"/> if the attempt is still current and in <paramref name="expected"/>.</summary>
    private bool ReturnToIdle(PublishAttempt attempt, PublishState expected)
    {
        lock (_gate)
        {
            if (_state != expected || !ReferenceEquals(_current, attempt))
            {
                return false;
            }

            _state = PublishState.Idle;
            _current = null;
        }

        RaiseStateChanged(expected, PublishState.Idle);
        return true;
    }

    private void OnSessionDisconnected(object? sender, SessionDisconnectedEventArgs e)
    {
        PublishAttempt? current;
        lock (_gate)
        {
            current = _current;
        }

        if (current is not null)
        {
            OnStreamEnded(current, ToStreamReason(e?.Reason ?? DisconnectReason.Unknown));
        }
    }

    private void OnStreamEnded(PublishAttempt attempt, StreamDestroyedReason reason)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_current, attempt))
            {
                return;
            }

            if (_state == PublishState.Publishing)
            {
                // Ended between the session's confirmation and our transition: handled once published.
                if (attempt.InPublishPhase)
                {
                    attempt.PendingLoss ??= reason;
                }

                return;
            }

            if (_state != PublishState.Published)
            {
                return;
            }

            _state = PublishState.Idle;
            _current = null;
        }

        RaiseStateChanged(PublishState.Published, PublishState.Idle);
        ReportEnded(attempt, reason);
    }

    /// <summary>Ends a publication whose stream ended before <see cref="PublishAsync"/> returned.</summary>
    private void EndPublication(PublishAttempt attempt, StreamDestroyedReason reason)
    {
        if (ReturnToIdle(attempt, PublishState.Published))
        {
            ReportEnded(attempt, reason);
        }
    }

    private void ReportEnded(PublishAttempt attempt, StreamDestroyedReason reason)
    {
        var stream = attempt.Stream!;
        if (reason == StreamDestroyedReason.NetworkDisconnected)
        {
            Log.StreamLost(_logger, stream.StreamId);
            var handler = NetworkDisconnected;
            if (handler is not null)
            {
                var args = new NetworkDisconnectedEventArgs(stream.Publisher, stream.StreamId);
                foreach (EventHandler<NetworkDisconnectedEventArgs> subscriber in handler.GetInvocationList())
                {
                    try
                    {
                        subscriber(this, args);
                    }
                    catch (Exception exception)
                    {
                        Log.EventHandlerFailed(_logger, nameof(NetworkDisconnected), exception);
                    }
                }
            }
        }
        else
        {
            Log.StreamEnded(_logger, stream.StreamId, reason);
        }

        // Released in the background (this may run on the SDK's thread); DisposeAsync waits for it.
        _ = ReleaseAsync(attempt, returnFrom: null);
    }

    private void RaiseStateChanged(PublishState previous, PublishState state)
    {
        var handler = StateChanged;
        if (handler is null)
        {
            return;
        }

        var args = new PublishStateChangedEventArgs(previous, state);
        foreach (EventHandler<PublishStateChangedEventArgs> subscriber in handler.GetInvocationList())
        {
            try
            {
                subscriber(this, args);
            }
            catch (Exception exception)
            {
                Log.EventHandlerFailed(_logger, nameof(StateChanged), exception);
            }
        }
    }

    private static void Cancel(CancellationTokenSource? source)
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
}
