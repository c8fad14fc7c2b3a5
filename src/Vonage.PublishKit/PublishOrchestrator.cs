using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Vonage.PublishKit.Diagnostics;
using Vonage.PublishKit.Internal;
using Vonage.PublishKit.Resilience;

namespace Vonage.PublishKit;

/// <summary>
/// Publishes a camera and microphone stream in one awaitable call: creates a publisher, initializes it while
/// the session connects, publishes once both are ready, retries transient failures with a fresh publisher,
/// and turns every failure into one typed <see cref="PublishException"/> after releasing the publisher.
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
    private readonly PhaseRunner _phases;
    private readonly ResiliencePipeline _pipeline;
    private readonly bool _republish;
    private readonly Func<CancellationToken, ValueTask<string>>? _tokenProvider;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly TelemetryRecorder _telemetry;
    private readonly PublisherReleaser _releaser;
    private readonly TimeSpan _connectTimeout;
    private readonly bool _customPipeline;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _disposeCts = new();
    private readonly HashSet<PublishAttempt> _unreleased = [];
    private readonly TaskCompletionSource<bool> _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PublishState _state;
    private PublishAttempt? _current;
    private string? _lastToken;

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
    /// <param name="options">Timeouts, retries, publisher settings and time source. They are copied: later changes have no effect.</param>
    /// <param name="logger">Where to log, or <see langword="null"/> for no logging. A record whose logging throws is dropped; the orchestrator goes on.</param>
    /// <exception cref="ArgumentNullException">An argument or <paramref name="options"/>' <c>TimeProvider</c> or <c>Publisher</c> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (a timeout zero or negative, a retry count below 1); the parameter name is the option's.</exception>
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
        _timeProvider = options.TimeProvider;
        _logger = logger is null ? NullLogger.Instance : new GuardedLogger(logger);
        _telemetry = new TelemetryRecorder(PublishKitMetrics.For(options.MeterFactory), _timeProvider);
        _phases = new PhaseRunner(options.InitializeTimeout, options.ConnectTimeout, options.PublishTimeout, _timeProvider, _logger, _telemetry);
        _releaser = new PublisherReleaser(session, options.ReleaseTimeout, _timeProvider, _logger);
        _connectTimeout = options.ConnectTimeout;
        _pipeline = PublishPipeline.Create(options, OnRetryAsync);
        _customPipeline = options.ResiliencePipeline is not null;
        _republish = options.RepublishAfterNetworkLoss;
        _tokenProvider = options.TokenProvider;
        _session.Disconnected += OnSessionDisconnected;
        _session.Reconnecting += OnSessionReconnecting;
        _session.Reconnected += OnSessionReconnected;
    }

    /// <summary>Initializes a new instance for mocking. Only members a mock overrides may be called.</summary>
    protected PublishOrchestrator()
    {
        _session = null!;
        _publisherFactory = null!;
        _publisherSettings = new PublisherSettings();
        _timeProvider = TimeProvider.System;
        _logger = NullLogger.Instance;
        _telemetry = new TelemetryRecorder(null, _timeProvider);
        _phases = null!;
        _releaser = null!;
        _pipeline = ResiliencePipeline.Empty;
    }

    /// <summary>Occurs once when the published stream is lost to the network.</summary>
    /// <remarks>
    /// Raised when the publisher's stream is destroyed, or the session disconnects, with reason
    /// <c>NetworkDisconnected</c> (not while the SDK is still reconnecting by itself). The publisher is released
    /// as the handlers run (the event's <see cref="NetworkDisconnectedEventArgs.Publisher"/> only identifies it).
    /// <see cref="State"/> is then <see cref="PublishState.Idle"/>, or <see cref="PublishState.Republishing"/> when
    /// <see cref="PublishOrchestratorOptions.RepublishAfterNetworkLoss"/> is on. A handler may call
    /// <see cref="PublishAsync"/> to publish again: the new publisher is created only once the lost one is released,
    /// so two never hold the camera at once.
    /// </remarks>
    public event EventHandler<NetworkDisconnectedEventArgs>? NetworkDisconnected;

    /// <summary>Occurs after every change of <see cref="State"/>.</summary>
    public event EventHandler<PublishStateChangedEventArgs>? StateChanged;

    /// <summary>Occurs when an attempt failed transiently and the built-in retry strategy will try again after a delay.</summary>
    public event EventHandler<PublishRetryingEventArgs>? Retrying;

    /// <summary>Occurs when the session lost its connection and the SDK started reconnecting by itself.</summary>
    public event EventHandler? Reconnecting;

    /// <summary>Occurs when the SDK reconnected the session by itself; a published stream was kept.</summary>
    public event EventHandler? Reconnected;

    /// <summary>Occurs when republishing after a network loss succeeded.</summary>
    public event EventHandler<RepublishedEventArgs>? Republished;

    /// <summary>Occurs when republishing after a network loss gave up; <see cref="State"/> is then <see cref="PublishState.Idle"/>.</summary>
    public event EventHandler<RepublishFailedEventArgs>? RepublishFailed;

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

    /// <summary>Gets the published stream while <see cref="State"/> is <see cref="PublishState.Published"/> or <see cref="PublishState.Reconnecting"/>; otherwise <see langword="null"/>.</summary>
    public PublishedStream? CurrentStream
    {
        get
        {
            lock (_gate)
            {
                return _state is PublishState.Published or PublishState.Reconnecting ? _current?.Stream : null;
            }
        }
    }

    /// <summary>
    /// Creates a publisher, initializes it while connecting the session (unless it is connected already), then
    /// publishes; retries transient failures with a fresh publisher. On failure every publisher it created is
    /// disposed before the returned task completes.
    /// </summary>
    /// <param name="token">The client token for the session. It is a secret: never logged, never part of an exception.</param>
    /// <param name="cancellationToken">Cancels the attempt, including a wait between retries; the publisher is released and the task is canceled.</param>
    /// <returns>The published stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="token"/> is empty or white space.</exception>
    /// <exception cref="InvalidOperationException">A publish is in progress or a stream is published; unpublish first.</exception>
    /// <exception cref="ObjectDisposedException">The orchestrator is disposed.</exception>
    /// <exception cref="AccessDeniedException">The user denied access to the camera or microphone.</exception>
    /// <exception cref="DeviceUnavailableException">No camera or microphone could be acquired in time.</exception>
    /// <exception cref="NotConnectedException">The session could not connect in time, or is offline, after every retry.</exception>
    /// <exception cref="PeerConnectionFailedException">The media connection failed or the publish did not complete in time, after every retry.</exception>
    /// <exception cref="PublishException">Any other failure, including an unexpected adapter exception (as the inner exception).</exception>
    /// <exception cref="OperationCanceledException">
    /// <paramref name="cancellationToken"/> was canceled, or <see cref="UnpublishAsync"/> or <see cref="DisposeAsync"/>
    /// stopped the attempt.
    /// </exception>
    /// <remarks>While the orchestrator is republishing by itself, a call stops that and publishes in its place.</remarks>
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
        PublishAttempt? superseded = null;
        PublishState previous;
        lock (_gate)
        {
            previous = _state;
            switch (previous)
            {
                case PublishState.Disposed:
                    throw new ObjectDisposedException(GetType().FullName);
                case PublishState.Publishing:
                    throw new InvalidOperationException("A publish is already in progress. Await it, cancel it or call UnpublishAsync before publishing again.");
                case PublishState.Published or PublishState.Reconnecting:
                    throw new InvalidOperationException("A stream is already published. Call UnpublishAsync before publishing again.");
                case PublishState.Unpublishing:
                    throw new InvalidOperationException("The stream is being unpublished. Await UnpublishAsync before publishing again.");
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled<PublishedStream>(cancellationToken);
            }

            if (previous == PublishState.Republishing)
            {
                superseded = _current!;
                superseded.StoppedBy = "a new PublishAsync call";
            }

            attempt = new PublishAttempt(isRepublish: false, token, lostTrace: default, cancellationToken, _disposeCts.Token);
            _unreleased.Add(attempt);
            _current = attempt;
            _lastToken = token;
            _state = PublishState.Publishing;
        }

        PhaseRunner.Cancel(superseded?.Cancellation);
        RaiseStateChanged(previous, PublishState.Publishing);
        return RunAttemptAsync(attempt);
    }

    /// <summary>
    /// Stops publishing: unpublishes the stream and disposes its publisher, after which <see cref="PublishAsync"/>
    /// may be called again. During a publish or republish attempt it stops the attempt. Does nothing when idle.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the session to confirm; the publisher is released all the same.</param>
    /// <returns>A task that completes when the publisher is released and the orchestrator is idle.</returns>
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
                case PublishState.Publishing or PublishState.Republishing:
                    // Checked by the attempt under this lock, so a publish that just succeeded is rolled back.
                    _current!.StoppedBy = "UnpublishAsync";
                    break;
                case PublishState.Published or PublishState.Reconnecting:
                    _state = PublishState.Unpublishing;
                    break;
            }

            target = _current!;
        }

        switch (state)
        {
            case PublishState.Published or PublishState.Reconnecting:
                RaiseStateChanged(state, PublishState.Unpublishing);
                return UnpublishCoreAsync(target, cancellationToken);
            case PublishState.Publishing or PublishState.Republishing:
                PhaseRunner.Cancel(target.Cancellation);
                break;
        }

        // A publish in flight is stopped and an unpublish in flight joined: wait for either to settle.
        return target.Released.WaitAsync(Timeout.InfiniteTimeSpan, _timeProvider, cancellationToken);
    }

    /// <summary>
    /// Stops any publish attempt, unpublishes and releases every publisher, and detaches from the session.
    /// Idempotent; concurrent calls all complete when disposal has finished.
    /// </summary>
    /// <remarks>
    /// A <see cref="PublishAsync"/> call in flight ends with <see cref="OperationCanceledException"/>. Every later call
    /// gets <see cref="ObjectDisposedException"/>. No event is raised after the transition to <see cref="PublishState.Disposed"/>.
    /// A published stream is unpublished first. Every wait is bounded by <see cref="PublishOrchestratorOptions.ReleaseTimeout"/>
    /// (the session confirming, the publisher disposing) or by the stop of the attempt it waits for, so disposal always
    /// completes, whatever the adapter, the token provider or the resilience pipeline does.
    /// </remarks>
    /// <returns>A task that completes when every publisher is released.</returns>
    public async ValueTask DisposeAsync()
    {
        PublishState previous;
        PublishAttempt? published = null;
        lock (_gate)
        {
            previous = _state;
            if (previous is PublishState.Published or PublishState.Reconnecting)
            {
                published = _current;
            }

            _state = PublishState.Disposed;
            _current = null;
        }

        if (previous == PublishState.Disposed)
        {
            await _disposed.Task.ConfigureAwait(false);
            return;
        }

        try
        {
            RaiseStateChanged(previous, PublishState.Disposed);
            StateChanged = null;
            NetworkDisconnected = null;
            Retrying = null;
            Reconnecting = null;
            Reconnected = null;
            Republished = null;
            RepublishFailed = null;
            if (_session is not null)
            {
                DetachFromSession();
            }

            PhaseRunner.Cancel(_disposeCts);
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
        }
        finally
        {
            _disposed.TrySetResult(true);
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>Runs a publish or republish attempt: its tries inside the resilience pipeline, then the transition to published.</summary>
    private async Task<PublishedStream> RunAttemptAsync(PublishAttempt attempt)
    {
        var cancellationToken = attempt.Cancellation.Token;
        var started = _timeProvider.GetTimestamp();
        var activity = TelemetryRecorder.StartPublish(attempt);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        var contextInUse = false;
        try
        {
            context.Properties.Set(PublishPipeline.AttemptKey, attempt);
            var execution = _pipeline.ExecuteAsync(
                static (context, state) => state.Self.TryPublishAsync(state.Attempt, context.CancellationToken),
                context,
                (Self: this, Attempt: attempt));
            PublishedStream stream;
            if (_customPipeline && !execution.IsCompleted)
            {
                // An app's pipeline may ignore cancellation: a stop ends the wait, and the pipeline, abandoned, keeps the context.
                contextInUse = true;
                var pending = execution.AsTask();
                try
                {
                    stream = await pending.WaitAsync(Timeout.InfiniteTimeSpan, _timeProvider, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!pending.IsCompleted)
                {
                    PhaseRunner.ObserveAbandoned(pending, PublishPhase.Publish, _logger);
                    throw;
                }

                contextInUse = false;
            }
            else
            {
                stream = await execution.ConfigureAwait(false);
            }

            StreamDestroyedReason? endedMeanwhile;
            lock (_gate)
            {
                // A stop that came after the session published still wins: roll back below. Disposal replaces
                // the current attempt before it cancels.
                if (!ReferenceEquals(_current, attempt) || attempt.StoppedBy is not null || cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException(cancellationToken);
                }

                // A custom pipeline (a fallback, say) may return what no try of this attempt published.
                if (stream is null || !ReferenceEquals(stream.Publisher, attempt.Publisher))
                {
                    throw PublishErrors.Unexpected(new InvalidOperationException("The resilience pipeline returned a stream that no try of this publish produced."), PublishPhase.Publish);
                }

                attempt.Stream = stream;
                endedMeanwhile = attempt.PendingLoss;
                attempt.PendingLoss = null;
                _state = PublishState.Published;
            }

            Log.Published(_logger, stream.StreamId, Math.Round(stream.TotalDuration.TotalMilliseconds, 1));
            TelemetryRecorder.SetTag(activity, TagNames.StreamId, stream.StreamId);
            _telemetry.PublishEnded(attempt.IsRepublish, started, TagValues.Success, errorType: null);
            RaiseStateChanged(attempt.RunningState, PublishState.Published);
            if (attempt.IsRepublish)
            {
                EventRaiser.Raise(this, Republished, new RepublishedEventArgs(stream), nameof(Republished), _logger);
            }

            if (endedMeanwhile is { } reason)
            {
                EndPublication(attempt, reason, expected: PublishState.Published);
            }

            return stream;
        }
        catch (Exception exception)
        {
            // A try that failed released its own publisher (nothing to unpublish); one that succeeded but was
            // stopped still holds it.
            await UnpublishQuietlyAsync(attempt, CancellationToken.None).ConfigureAwait(false);
            var outcome = Outcome(attempt, exception);
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
            await ReleaseAsync(attempt, returnFrom: attempt.RunningState).ConfigureAwait(false);
            if (!attempt.IsRepublish)
            {
                // Rethrown as captured, so the seam's stack trace survives.
                ExceptionDispatchInfo.Capture(outcome).Throw();
            }

            if (outcome is PublishException failure)
            {
                EventRaiser.Raise(this, RepublishFailed, new RepublishFailedEventArgs(failure), nameof(RepublishFailed), _logger);
            }

            return null!;
        }
        finally
        {
            TelemetryRecorder.Stop(activity);
            if (!contextInUse)
            {
                ResilienceContextPool.Shared.Return(context);
            }

            attempt.Dispose();
        }
    }

    /// <summary>
    /// One try: a fresh publisher initialized while the session connects, then published. On failure the try
    /// stops what it started and disposes its publisher before throwing.
    /// </summary>
    private async ValueTask<PublishedStream> TryPublishAsync(PublishAttempt attempt, CancellationToken pipelineToken)
    {
        var activity = TelemetryRecorder.StartAttempt(attempt.NextTry(), attempt.IsRepublish);
        var started = _timeProvider.GetTimestamp();

        // The attempt's own token too: an app's pipeline may hand the try a token that never cancels.
        using var tryCancellation = CancellationTokenSource.CreateLinkedTokenSource(pipelineToken, attempt.Cancellation.Token);
        var cancellationToken = tryCancellation.Token;
        IPublisher? publisher = null;
        var publishedOnSession = false;
        try
        {
            var token = await GetTokenAsync(attempt, cancellationToken).ConfigureAwait(false);
            publisher = await CreatePublisherAsync(attempt, cancellationToken).ConfigureAwait(false);
            var alreadyConnected = IsSessionConnected();
            TelemetryRecorder.SetTag(activity, TagNames.SessionConnected, alreadyConnected);
            Log.PublishStarted(_logger, alreadyConnected);

            var initialize = _phases.InitializeAsync(publisher, cancellationToken);
            var connect = alreadyConnected ? Task.FromResult(TimeSpan.Zero) : _phases.ConnectAsync(_session, token, cancellationToken);

            await _phases.AwaitSetupAsync(initialize, connect, tryCancellation).ConfigureAwait(false);
            lock (_gate)
            {
                attempt.InPublishPhase = true;
            }

            var publishDuration = await _phases.PublishAsync(_session, publisher, cancellationToken).ConfigureAwait(false);
            publishedOnSession = true;
            var stream = new PublishedStream(publisher, publisher.StreamId, initialize.Result, connect.Result, publishDuration, _timeProvider.GetElapsedTime(started));
            lock (_gate)
            {
                attempt.TrySucceeded = true;
            }

            _telemetry.AttemptEnded(attempt.IsRepublish, TagValues.Success, failure: null);
            return stream;
        }
        catch (Exception exception)
        {
            // Setup failures arrive with both phases settled (AwaitSetupAsync waits for them).
            PhaseRunner.Cancel(tryCancellation);
            if (publisher is not null)
            {
                if (publishedOnSession)
                {
                    await _releaser.UnpublishAsync(publisher, knownStreamId: null, CancellationToken.None).ConfigureAwait(false);
                }

                await ReleasePublisherAsync(attempt, publisher).ConfigureAwait(false);
            }

            if (exception is PublishException failure)
            {
                Log.PublishFailed(_logger, failure.Phase, failure.Kind, failure.SdkErrorCode, failure.SdkErrorName, failure.IsTransient);
                TelemetryRecorder.SpanFailed(activity, failure);
                _telemetry.AttemptEnded(attempt.IsRepublish, TagValues.Failure, failure);
            }
            else
            {
                TelemetryRecorder.SpanCanceled(activity);
                _telemetry.AttemptEnded(attempt.IsRepublish, TagValues.Canceled, failure: null);
            }

            throw;
        }
        finally
        {
            TelemetryRecorder.Stop(activity);
        }
    }

    /// <summary>
    /// The token of a try: the caller's, or for a republish the provider's, waited for at most
    /// <see cref="PublishOrchestratorOptions.ConnectTimeout"/> and never past a stop, like every seam.
    /// </summary>
    private async ValueTask<string> GetTokenAsync(PublishAttempt attempt, CancellationToken cancellationToken)
    {
        if (!attempt.IsRepublish || _tokenProvider is null)
        {
            return attempt.Token!;
        }

        string? token;
        Task<string>? pending = null;
        try
        {
            var request = _tokenProvider(cancellationToken);
            if (request.IsCompleted)
            {
                token = request.Result;
            }
            else
            {
                pending = request.AsTask();
                token = await pending.WaitAsync(_connectTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (TimeoutException) when (pending is { IsCompleted: false })
        {
            PhaseRunner.ObserveAbandoned(pending, PublishPhase.Connect, _logger);
            Log.TokenProviderTimedOut(_logger, _connectTimeout.TotalMilliseconds);
            var message = string.Format(CultureInfo.InvariantCulture, "The token provider did not return a token within {0:0.###} s.", _connectTimeout.TotalSeconds);
            throw new NotConnectedException(message, PublishPhase.Connect, null, null, null, new TimeoutException(message));
        }
        catch (Exception exception) when (exception is not PublishException && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw PublishErrors.Unexpected(exception, PublishPhase.Connect);
        }
        catch (OperationCanceledException) when (pending is { IsCompleted: false })
        {
            PhaseRunner.ObserveAbandoned(pending, PublishPhase.Connect, _logger);
            throw;
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            throw PublishErrors.Unexpected(new InvalidOperationException("The token provider returned an empty token."), PublishPhase.Connect);
        }

        return token!;
    }

    /// <summary>
    /// Creates the try's publisher once every earlier publisher is released (<see cref="PublisherGate"/>), and
    /// subscribes to its stream's end. The publisher of an earlier try that succeeded (a pipeline that runs the
    /// callback again after a success) is released first; one of a try still running (hedging) is waited for.
    /// </summary>
    private async ValueTask<IPublisher> CreatePublisherAsync(PublishAttempt attempt, CancellationToken cancellationToken)
    {
        IPublisher? leftover;
        lock (_gate)
        {
            leftover = attempt.TrySucceeded ? attempt.Publisher : null;
        }

        if (leftover is not null)
        {
            await _releaser.UnpublishAsync(leftover, knownStreamId: null, CancellationToken.None).ConfigureAwait(false);
            await ReleasePublisherAsync(attempt, leftover).ConfigureAwait(false);
        }

        await _releaser.Gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        IPublisher? publisher;
        try
        {
            publisher = _publisherFactory.CreatePublisher(_publisherSettings.Clone())
                ?? throw new InvalidOperationException("The publisher factory returned null.");
        }
        catch (Exception exception)
        {
            _releaser.Gate.Exit();
            throw exception as PublishException ?? PublishErrors.Unexpected(exception, PublishPhase.Initialize);
        }

        EventHandler<StreamDestroyedEventArgs> handler = (_, e) => OnStreamEnded(attempt, publisher, e?.Reason ?? StreamDestroyedReason.Unknown, fromSession: false);
        bool closed;
        lock (_gate)
        {
            closed = attempt.Closed;
            if (!closed)
            {
                attempt.Publisher = publisher;
                attempt.StreamDestroyedHandler = handler;
                attempt.TrySucceeded = false;
                attempt.InPublishPhase = false;
                attempt.PendingLoss = null;
            }
        }

        if (closed)
        {
            // The attempt ended while this try waited (its pipeline was abandoned): nobody else will release it.
            await _releaser.ReleaseAsync(publisher, handler: null).ConfigureAwait(false);
            throw new OperationCanceledException(cancellationToken);
        }

        try
        {
            publisher.StreamDestroyed += handler;
        }
        catch (Exception exception)
        {
            // The attempt holds the publisher: the try's failure path releases it.
            throw PublishErrors.Unexpected(exception, PublishPhase.Initialize);
        }

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

    private ValueTask OnRetryAsync(OnRetryArguments<object> args)
    {
        if (args.Outcome.Exception is PublishException failure && args.Context.Properties.TryGetValue(PublishPipeline.AttemptKey, out var value) && value is PublishAttempt attempt)
        {
            Log.Retrying(_logger, args.AttemptNumber + 1, Math.Round(args.RetryDelay.TotalMilliseconds, 1), failure.Kind, attempt.IsRepublish);
            _telemetry.Retried(failure.Kind, attempt.IsRepublish);
            TelemetryRecorder.RetryEvent(args.AttemptNumber + 1, args.RetryDelay, failure.Kind);
            EventRaiser.Raise(this, Retrying, new PublishRetryingEventArgs(args.AttemptNumber + 1, args.RetryDelay, failure, attempt.IsRepublish), nameof(Retrying), _logger);
        }

        return default;
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
            else if (attempt.StoppedBy is { } stoppedBy)
            {
                reason = stoppedBy + " stopped it";
                outcome = new OperationCanceledException($"The publish was stopped by {stoppedBy}.", exception);
            }
            else
            {
                reason = "the orchestrator was disposed";
                outcome = new OperationCanceledException("The publish was canceled because the orchestrator was disposed.", exception, _disposeCts.Token);
            }

            Log.PublishCanceled(_logger, reason);
            return outcome;
        }

        // Each try logged its own failure; this is the one the caller gets.
        return exception as PublishException ?? PublishErrors.Unexpected(exception, PublishPhase.Publish);
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

    /// <summary>Asks the session to unpublish the attempt's publisher, if it holds one. Returns whether <paramref name="cancellationToken"/> stopped the wait.</summary>
    private Task<bool> UnpublishQuietlyAsync(PublishAttempt publication, CancellationToken cancellationToken)
    {
        IPublisher? publisher;
        lock (_gate)
        {
            publisher = publication.Publisher;
        }

        return publisher is null ? Task.FromResult(false) : _releaser.UnpublishAsync(publisher, publication.Stream?.StreamId, cancellationToken);
    }

    /// <summary>Takes the attempt's current publisher (only if it is <paramref name="only"/>, when given), once, then releases it.</summary>
    private Task ReleasePublisherAsync(PublishAttempt attempt, IPublisher? only = null)
    {
        IPublisher? publisher;
        EventHandler<StreamDestroyedEventArgs>? handler;
        lock (_gate)
        {
            publisher = attempt.Publisher;
            if (publisher is null || (only is not null && !ReferenceEquals(publisher, only)))
            {
                return Task.CompletedTask;
            }

            handler = attempt.StreamDestroyedHandler;
            attempt.Publisher = null;
            attempt.StreamDestroyedHandler = null;
        }

        return _releaser.ReleaseAsync(publisher, handler);
    }

    /// <summary>
    /// Ends the attempt, once, whoever asks first: releases its publisher; then, if the attempt is still current
    /// in <paramref name="returnFrom"/>, returns to idle before anyone waiting is released.
    /// </summary>
    private async Task ReleaseAsync(PublishAttempt attempt, PublishState? returnFrom)
    {
        if (!attempt.TryBeginRelease())
        {
            await attempt.Released.ConfigureAwait(false);
            return;
        }

        try
        {
            lock (_gate)
            {
                attempt.Closed = true;
            }

            await ReleasePublisherAsync(attempt).ConfigureAwait(false);
            lock (_gate)
            {
                _unreleased.Remove(attempt);
            }

            if (returnFrom is { } state)
            {
                ReturnToIdle(attempt, state);
            }
        }
        finally
        {
            attempt.MarkReleased();
        }
    }

    /// <summary>Moves to <see cref="PublishState.Idle"/> if the attempt is still current and in <paramref name="expected"/>.</summary>
    private void ReturnToIdle(PublishAttempt attempt, PublishState expected)
    {
        lock (_gate)
        {
            if (_state != expected || !ReferenceEquals(_current, attempt))
            {
                return;
            }

            _state = PublishState.Idle;
            _current = null;
        }

        RaiseStateChanged(expected, PublishState.Idle);
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
            OnStreamEnded(current, publisher: null, StreamDestroyedEventArgs.ReasonFor(e?.Reason ?? DisconnectReason.Unknown), fromSession: true);
        }
    }

    private void OnSessionReconnecting(object? sender, EventArgs e)
    {
        var changed = false;
        lock (_gate)
        {
            if (_state == PublishState.Published)
            {
                _state = PublishState.Reconnecting;
                changed = true;
            }
            else if (_state == PublishState.Disposed)
            {
                return;
            }
        }

        Log.SessionReconnecting(_logger);
        if (changed)
        {
            RaiseStateChanged(PublishState.Published, PublishState.Reconnecting);
        }

        EventRaiser.Raise(this, Reconnecting, EventArgs.Empty, nameof(Reconnecting), _logger);
    }

    private void OnSessionReconnected(object? sender, EventArgs e)
    {
        var changed = false;
        lock (_gate)
        {
            if (_state == PublishState.Reconnecting)
            {
                // The SDK kept the stream: a loss reported while reconnecting did not happen after all.
                _state = PublishState.Published;
                _current!.PendingLoss = null;
                changed = true;
            }
            else if (_state == PublishState.Disposed)
            {
                return;
            }
        }

        Log.SessionReconnected(_logger);
        if (changed)
        {
            RaiseStateChanged(PublishState.Reconnecting, PublishState.Published);
        }

        EventRaiser.Raise(this, Reconnected, EventArgs.Empty, nameof(Reconnected), _logger);
    }

    private void OnStreamEnded(PublishAttempt attempt, IPublisher? publisher, StreamDestroyedReason reason, bool fromSession)
    {
        PublishState state;
        lock (_gate)
        {
            state = _state;
            if (!ReferenceEquals(_current, attempt) || (publisher is not null && !ReferenceEquals(attempt.Publisher, publisher)))
            {
                return;
            }

            var pending = state switch
            {
                // Ended between the session's confirmation and the transition: handled once published.
                PublishState.Publishing or PublishState.Republishing => attempt.InPublishPhase,

                // The SDK may still recover the session; only its Disconnected settles it.
                PublishState.Reconnecting => !fromSession && reason == StreamDestroyedReason.NetworkDisconnected,
                _ => false,
            };
            if (pending)
            {
                attempt.PendingLoss ??= reason;
                return;
            }

            if (state is not (PublishState.Published or PublishState.Reconnecting))
            {
                return;
            }
        }

        EndPublication(attempt, reason, state);
    }

    /// <summary>
    /// Ends a publication whose stream is gone: idle, or republishing after a network loss. The publisher's
    /// release starts before any handler runs, and the next publisher, whoever asks for it, waits for it.
    /// </summary>
    private void EndPublication(PublishAttempt attempt, StreamDestroyedReason reason, PublishState expected)
    {
        var lostToNetwork = reason == StreamDestroyedReason.NetworkDisconnected;
        PublishAttempt? republish = null;
        PublishState next;
        lock (_gate)
        {
            if (_state != expected || !ReferenceEquals(_current, attempt))
            {
                return;
            }

            if (lostToNetwork && _republish && _lastToken is not null)
            {
                republish = new PublishAttempt(isRepublish: true, _lastToken, attempt.TraceContext, CancellationToken.None, _disposeCts.Token);
                _unreleased.Add(republish);
            }

            _current = republish;
            next = republish?.RunningState ?? PublishState.Idle;
            _state = next;
        }

        // In the background (this may run on the SDK's thread); DisposeAsync waits for it.
        _ = ReleaseAsync(attempt, returnFrom: null);
        RaiseStateChanged(expected, next);
        _telemetry.StreamLost(reason);
        var stream = attempt.Stream!;
        if (lostToNetwork)
        {
            Log.StreamLost(_logger, stream.StreamId);
            EventRaiser.Raise(this, NetworkDisconnected, new NetworkDisconnectedEventArgs(stream.Publisher, stream.StreamId), nameof(NetworkDisconnected), _logger);
        }
        else
        {
            Log.StreamEnded(_logger, stream.StreamId, reason);
        }

        if (republish is not null)
        {
            _ = RunAttemptAsync(republish);
        }
    }

    /// <summary>Stops listening to the session; an adapter whose remove accessor throws is logged, and disposal goes on.</summary>
    private void DetachFromSession()
    {
        try
        {
            _session.Disconnected -= OnSessionDisconnected;
        }
        catch (Exception exception)
        {
            Log.DetachFailed(_logger, nameof(ISession.Disconnected), exception);
        }

        try
        {
            _session.Reconnecting -= OnSessionReconnecting;
        }
        catch (Exception exception)
        {
            Log.DetachFailed(_logger, nameof(ISession.Reconnecting), exception);
        }

        try
        {
            _session.Reconnected -= OnSessionReconnected;
        }
        catch (Exception exception)
        {
            Log.DetachFailed(_logger, nameof(ISession.Reconnected), exception);
        }
    }

    private void RaiseStateChanged(PublishState previous, PublishState state)
    {
        // No event arguments when nobody listens: a publish changes state four times.
        if (StateChanged is { } handler)
        {
            EventRaiser.Raise(this, handler, new PublishStateChangedEventArgs(previous, state), nameof(StateChanged), _logger);
        }
    }
}
