using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vonage.PublishKit.Diagnostics;
using Vonage.PublishKit.Internal;

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
public partial class PublishOrchestrator : IAsyncDisposable, IDisposable
{
    private readonly PublishStateMachine _states = new();
    private readonly CancellationTokenSource _disposeCts = new();
    private readonly TaskCompletionSource<bool> _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _syncDisposeBound;
    private readonly OrchestratorEvents _events;
    private readonly PublicationWatcher _watcher;
    private readonly AttemptReleaser _releaser;
    private readonly AttemptRunner _runner;

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
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        if (publisherFactory is null)
        {
            throw new ArgumentNullException(nameof(publisherFactory));
        }

        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        options.Validate();
        _timeProvider = options.TimeProvider;
        _syncDisposeBound = options.ReleaseTimeout + options.ReleaseTimeout;
        ILogger log = logger is null ? NullLogger.Instance : new GuardedLogger(logger);
        var telemetry = new TelemetryRecorder(PublishKitMetrics.For(options.MeterFactory), _timeProvider);
        _events = new OrchestratorEvents(this, log);
        _releaser = new AttemptReleaser(_states, new PublisherReleaser(session, options.ReleaseTimeout, _timeProvider, log), _events, log);
        _watcher = new PublicationWatcher(session, _states, _releaser, _events, telemetry, log, options.RepublishAfterNetworkLoss);
        var provisioner = new PublisherProvisioner(
            publisherFactory, options.Publisher.Clone(), options.TokenProvider, options.ConnectTimeout, _timeProvider, _states, _releaser, _watcher, log);
        var phases = new PhaseRunner(options.InitializeTimeout, options.ConnectTimeout, options.PublishTimeout, _timeProvider, log, telemetry);
        _runner = new AttemptRunner(options, session, _states, provisioner, phases, _releaser, _watcher, _events, telemetry, log, _disposeCts.Token);
        _watcher.RunRepublish = attempt => _ = _runner.RunAsync(attempt);
        _watcher.Attach();
    }

    /// <summary>Initializes a new instance for mocking. Only members a mock overrides may be called.</summary>
    protected PublishOrchestrator()
    {
        _timeProvider = TimeProvider.System;
        _syncDisposeBound = PublishOrchestratorOptions.DefaultReleaseTimeout;
        _events = new OrchestratorEvents(this, NullLogger.Instance);
        _watcher = null!;
        _releaser = null!;
        _runner = null!;
    }

    /// <summary>Gets where the orchestrator is in its life.</summary>
    public virtual PublishState State => _states.State;

    /// <summary>Gets the published stream while <see cref="State"/> is <see cref="PublishState.Published"/> or <see cref="PublishState.Reconnecting"/>; otherwise <see langword="null"/>.</summary>
    public virtual PublishedStream? CurrentStream => _states.CurrentStream;

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

        if (_states.BeginPublish(token, this, out var previous, out var superseded, cancellationToken) is not { } attempt)
        {
            return Task.FromCanceled<PublishedStream>(cancellationToken);
        }

        superseded?.Stop();
        _events.RaiseStateChanged(previous, PublishState.Publishing);
        return _runner.RunAsync(attempt);
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
        if (_states.BeginUnpublish(this, out var state) is not { } target)
        {
            return Task.CompletedTask;
        }

        switch (state)
        {
            case PublishState.Published or PublishState.Reconnecting:
                _events.RaiseStateChanged(state, PublishState.Unpublishing);
                return _releaser.UnpublishAndReleaseAsync(target, cancellationToken);
            case PublishState.Publishing or PublishState.Republishing:
                target.Stop();
                if (_events.IsRaisingOnThisThread)
                {
                    _releaser.ReleaseIfIdle(target);
                }

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
    public virtual async ValueTask DisposeAsync()
    {
        // From inside one of this orchestrator's handlers, the work this would wait for may wait for that handler.
        var reentrant = _events.IsRaisingOnThisThread;
        var published = _states.BeginDispose(includeUnpublishing: reentrant, out var previous);
        if (previous == PublishState.Disposed)
        {
            if (!reentrant)
            {
                await _disposed.Task.ConfigureAwait(false);
            }

            return;
        }

        try
        {
            _events.RaiseDisposed(previous);
            _watcher?.Detach();
            PhaseRunner.Cancel(_disposeCts);
            foreach (var attempt in _states.Unreleased())
            {
                attempt.Stop();
                if (reentrant)
                {
                    _releaser.ReleaseIfIdle(attempt);
                }
            }

            if (published is not null)
            {
                await _releaser.UnpublishAsync(published, CancellationToken.None).ConfigureAwait(false);
                await _releaser.ReleaseAsync(published, returnFrom: null).ConfigureAwait(false);
            }

            await Task.WhenAll(_states.PendingReleases()).ConfigureAwait(false);
        }
        finally
        {
            // Stryker disable once Boolean : nobody reads the value, only the completion.
            _disposed.TrySetResult(true);
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>
    /// Disposes as <see cref="DisposeAsync"/> does, for callers that cannot await (a dependency-injection container
    /// disposed with <c>using</c>, WinForms or WPF shutdown code): best effort, and bounded.
    /// </summary>
    /// <remarks>
    /// It starts <see cref="DisposeAsync"/> and blocks for it at most twice <see cref="PublishOrchestratorOptions.ReleaseTimeout"/>,
    /// in real time. The library never resumes on the caller's <see cref="SynchronizationContext"/>, so a UI thread
    /// blocked here does not deadlock it; an adapter that needs that UI thread to finish releasing (one that marshals
    /// to it) is abandoned after the bound instead, and its publisher counts as released. Prefer
    /// <see cref="DisposeAsync"/> wherever you can await.
    /// </remarks>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the orchestrator holds; see <see cref="Dispose()"/>.</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>; there is nothing to release from a finalizer.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        var disposal = DisposeAsync();
        if (disposal.IsCompleted)
        {
            disposal.GetAwaiter().GetResult();
            return;
        }

        // Blocking here is the caller's choice; the bound keeps it from being forever.
        _ = disposal.AsTask().Wait(_syncDisposeBound);
    }
}
