using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using OpenTok;
using Vonage.PublishKit.OpenTok.Internal;

namespace Vonage.PublishKit.OpenTok;

/// <summary>
/// <see cref="ISession"/> over the Vonage Video Windows SDK's <c>OpenTok.Session</c>: turns its synchronous calls and
/// events into tasks, its errors into typed <see cref="PublishException"/>s, and infers the disconnect reasons it does not give.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe. SDK events may arrive on any thread (the context's dispatcher); the adapter never blocks that thread,
/// completes its tasks with asynchronous continuations, and raises <see cref="Disconnected"/>, <see cref="Reconnecting"/>
/// and <see cref="Reconnected"/> on the thread the SDK event arrived on.
/// </para>
/// <para>
/// Reasons: a <c>Disconnected</c> after <see cref="DisconnectAsync"/> or <see cref="Dispose"/> is
/// <see cref="DisconnectReason.ClientDisconnected"/>; after <c>ReconnectionStart</c> without <c>ReconnectionSuccess</c>, or after
/// a connection-lost error (<see cref="OpenTokOptions.ConnectionLostErrorCodes"/>), <see cref="DisconnectReason.NetworkDisconnected"/>;
/// otherwise <see cref="OpenTokOptions.UnexpectedDisconnectReason"/>.
/// </para>
/// </remarks>
public sealed class OpenTokSession : ISession, IDisposable
{
    private readonly object _gate = new();
    private readonly bool _ownsSession;
    private readonly AdapterSettings _settings;
    private readonly HashSet<OpenTokPublisher> _publishers = [];
    private SessionState _state;
    private TaskCompletionSource<bool>? _connect;
    private TaskCompletionSource<bool>? _disconnect;
    private volatile bool _disconnectRequested;
    private bool _connectionLost;
    private bool _disposed;

    /// <summary>Initializes a new instance that builds, and owns, the SDK session, with default <see cref="OpenTokOptions"/>.</summary>
    /// <param name="context">The SDK context, for example <c>new Context(new WPFDispatcher())</c>. The caller keeps ownership.</param>
    /// <param name="apiKey">The API key (application id).</param>
    /// <param name="sessionId">The session id.</param>
    /// <exception cref="ArgumentNullException"><paramref name="context"/>, <paramref name="apiKey"/> or <paramref name="sessionId"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> or <paramref name="sessionId"/> is empty or white space.</exception>
    public OpenTokSession(Context context, string apiKey, string sessionId)
        : this(context, apiKey, sessionId, null)
    {
    }

    /// <summary>Initializes a new instance that builds, and owns, the SDK session.</summary>
    /// <param name="context">The SDK context, for example <c>new Context(new WPFDispatcher())</c>. The caller keeps ownership.</param>
    /// <param name="apiKey">The API key (application id).</param>
    /// <param name="sessionId">The session id.</param>
    /// <param name="options">Error mapping and reason inference; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="context"/>, <paramref name="apiKey"/> or <paramref name="sessionId"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> or <paramref name="sessionId"/> is empty or white space.</exception>
    public OpenTokSession(Context context, string apiKey, string sessionId, OpenTokOptions? options)
        : this(Build(context, apiKey, sessionId), ownsSession: true, options)
    {
    }

    /// <summary>Initializes a new instance over an SDK session the caller built and keeps owning, with default <see cref="OpenTokOptions"/>.</summary>
    /// <param name="session">The SDK session. Nothing else should connect, publish into or disconnect it. This instance never disposes it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is <see langword="null"/>.</exception>
    public OpenTokSession(Session session)
        : this(session, (OpenTokOptions?)null)
    {
    }

    /// <summary>Initializes a new instance over an SDK session the caller built and keeps owning.</summary>
    /// <param name="session">The SDK session. Nothing else should connect, publish into or disconnect it. This instance never disposes it.</param>
    /// <param name="options">Error mapping and reason inference; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is <see langword="null"/>.</exception>
    public OpenTokSession(Session session, OpenTokOptions? options)
        : this(session ?? throw new ArgumentNullException(nameof(session)), ownsSession: false, options)
    {
    }

    private OpenTokSession(Session session, bool ownsSession, OpenTokOptions? options)
    {
        SdkSession = session;
        _ownsSession = ownsSession;
        _settings = new AdapterSettings(options);
        session.Connected += OnConnected;
        session.Disconnected += OnDisconnected;
        session.ReconnectionStart += OnReconnectionStart;
        session.ReconnectionSuccess += OnReconnectionSuccess;
        session.Error += OnError;
    }

    /// <inheritdoc/>
    public event EventHandler<SessionDisconnectedEventArgs>? Disconnected;

    /// <inheritdoc/>
    public event EventHandler? Reconnecting;

    /// <inheritdoc/>
    public event EventHandler? Reconnected;

    private enum SessionState
    {
        Disconnected,
        Connecting,
        Connected,
        Reconnecting,
    }

    /// <summary>Gets the SDK session, for what this adapter does not cover (subscribing, signals). Do not connect, publish or disconnect it directly.</summary>
    public Session SdkSession { get; }

    /// <inheritdoc/>
    /// <remarks>False while the SDK is reconnecting by itself.</remarks>
    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _state == SessionState.Connected;
            }
        }
    }

    internal bool IsDisconnectRequested => _disconnectRequested;

    /// <inheritdoc/>
    /// <remarks>
    /// Completes on the SDK's <c>Connected</c>; fails on its <c>Error</c> or an <c>OpenTokException</c>, mapped by numeric code.
    /// Completes at once when connected; joins a connection in progress, or a reconnection. Canceling the call that started
    /// the connection disconnects the SDK session.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="token"/> is empty or white space.</exception>
    /// <exception cref="ObjectDisposedException">The session is disposed.</exception>
    public Task ConnectAsync(string token, CancellationToken cancellationToken = default)
    {
        if (token is null)
        {
            throw new ArgumentNullException(nameof(token));
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            throw new ArgumentException("The token must not be empty or white space.", nameof(token));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        TaskCompletionSource<bool> connect;
        var start = false;
        lock (_gate)
        {
            ThrowIfDisposed();
            switch (_state)
            {
                case SessionState.Connected:
                    return Task.CompletedTask;
                case SessionState.Connecting or SessionState.Reconnecting:
                    connect = _connect ??= Operation.Create();
                    break;
                default:
                    connect = _connect = Operation.Create();
                    _state = SessionState.Connecting;
                    _disconnectRequested = false;
                    _connectionLost = false;
                    start = true;
                    break;
            }
        }

        if (start)
        {
            try
            {
                SdkSession.Connect(token);
            }
            catch (OpenTokException exception)
            {
                lock (_gate)
                {
                    if (ReferenceEquals(_connect, connect))
                    {
                        _connect = null;
                        _state = SessionState.Disconnected;
                    }
                }

                connect.TrySetException(_settings.Map(OpenTokErrorSource.Session, exception, PublishPhase.Connect));
            }
        }

        return Operation.WaitAsync(connect.Task, start ? () => AbandonConnect(connect) : null, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Completes on the publisher's <c>StreamCreated</c>, which sets <see cref="IPublisher.StreamId"/>; fails on the publisher's
    /// or the session's <c>Error</c>, an <c>OpenTokException</c>, or a disconnection. Canceling unpublishes.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="publisher"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="publisher"/> was not created by an <see cref="OpenTokPublisherFactory"/>.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="publisher"/> is not initialized, or is already published.</exception>
    /// <exception cref="ObjectDisposedException">The session or the publisher is disposed.</exception>
    public Task PublishAsync(IPublisher publisher, CancellationToken cancellationToken = default)
    {
        var target = Unwrap(publisher);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        bool connected;
        lock (_gate)
        {
            ThrowIfDisposed();
            connected = _state == SessionState.Connected;
        }

        if (!connected)
        {
            return Task.FromException(_settings.Map(OpenTokErrorSource.Session, SdkErrorCodes.NotConnected, null, "The session is not connected.", PublishPhase.Publish));
        }

        var (operation, callSdk) = target.BeginPublish(this);
        if (callSdk)
        {
            lock (_gate)
            {
                _publishers.Add(target);
            }

            try
            {
                SdkSession.Publish(target.Sdk);
            }
            catch (OpenTokException exception)
            {
                target.FailPublish(_settings.Map(OpenTokErrorSource.Session, exception, PublishPhase.Publish));
            }
        }

        return Operation.WaitAsync(operation, callSdk ? () => Unpublish(target) : null, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Completes on the publisher's <c>StreamDestroyed</c>, at once when nothing is published, or when the session is
    /// not connected. The publisher's <see cref="IPublisher.StreamDestroyed"/> then reports <see cref="StreamDestroyedReason.ClientDisconnected"/>.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="publisher"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="publisher"/> was not created by an <see cref="OpenTokPublisherFactory"/>.</exception>
    /// <exception cref="PublishException">The SDK refused to unpublish while connected.</exception>
    public Task UnpublishAsync(IPublisher publisher, CancellationToken cancellationToken = default)
    {
        var target = Unwrap(publisher);
        var (operation, _) = Unpublish(target);
        return Operation.WaitAsync(operation, onCanceled: null, cancellationToken);
    }

    /// <summary>Disconnects the session; <see cref="Disconnected"/> then reports <see cref="DisconnectReason.ClientDisconnected"/>.</summary>
    /// <param name="cancellationToken">Stops waiting for the SDK's <c>Disconnected</c>.</param>
    /// <returns>A task that completes when the SDK reports the session disconnected, or at once when it is not connected.</returns>
    /// <exception cref="ObjectDisposedException">The session is disposed.</exception>
    public Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource<bool> disconnect;
        lock (_gate)
        {
            ThrowIfDisposed();
            if (_state == SessionState.Disconnected)
            {
                return Task.CompletedTask;
            }

            _disconnectRequested = true;
            disconnect = _disconnect ??= Operation.Create();
        }

        try
        {
            SdkSession.Disconnect();
        }
        catch (OpenTokException exception)
        {
            disconnect.TrySetException(_settings.Map(OpenTokErrorSource.Session, exception, PublishPhase.Connect));
        }

        return Operation.WaitAsync(disconnect.Task, onCanceled: null, cancellationToken);
    }

    /// <summary>
    /// Stops every operation in flight (they fail with <see cref="ObjectDisposedException"/>), unpublishes what is still
    /// published, disconnects, detaches from the SDK session and, when this instance built it, disposes it: the
    /// samples' order. Publishers stay with their owner. Idempotent. No event is raised afterwards.
    /// </summary>
    public void Dispose()
    {
        TaskCompletionSource<bool>? connect;
        TaskCompletionSource<bool>? disconnect;
        OpenTokPublisher[] publishers;
        bool active;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _disconnectRequested = true;
            active = _state != SessionState.Disconnected;
            _state = SessionState.Disconnected;
            (connect, disconnect) = (_connect, _disconnect);
            (_connect, _disconnect) = (null, null);
            publishers = [.. _publishers];
            _publishers.Clear();
        }

        connect?.TrySetException(new ObjectDisposedException(nameof(OpenTokSession)));
        foreach (var publisher in publishers)
        {
            publisher.FailPublish(PublishErrors.FromSdkError(null, SdkErrorNames.NotConnected, "The session was disposed.", PublishPhase.Publish));
            var (_, callSdk) = publisher.BeginUnpublish();
            if (callSdk && publisher.Sdk is { } sdk)
            {
                UnpublishQuietly(sdk);
            }

            publisher.EndUnpublish();
        }

        if (active)
        {
            try
            {
                SdkSession.Disconnect();
            }
            catch (OpenTokException)
            {
                // Already disconnected.
            }
        }

        disconnect?.TrySetResult(true);
        SdkSession.Connected -= OnConnected;
        SdkSession.Disconnected -= OnDisconnected;
        SdkSession.ReconnectionStart -= OnReconnectionStart;
        SdkSession.ReconnectionSuccess -= OnReconnectionSuccess;
        SdkSession.Error -= OnError;
        Disconnected = null;
        Reconnecting = null;
        Reconnected = null;
        if (_ownsSession)
        {
            SdkSession.Dispose();
        }
    }

    /// <summary>Unpublishes without waiting or throwing: cleanup paths.</summary>
    internal void UnpublishQuietly(Publisher sdk)
    {
        try
        {
            SdkSession.Unpublish(sdk);
        }
        catch (OpenTokException)
        {
            // The stream is gone already.
        }
    }

    /// <summary>A publisher was disposed: forget it.</summary>
    internal void Forget(OpenTokPublisher publisher)
    {
        lock (_gate)
        {
            _publishers.Remove(publisher);
        }
    }

    private static Session Build(Context context, string apiKey, string sessionId)
    {
        if (context is null)
        {
            throw new ArgumentNullException(nameof(context));
        }

        if (apiKey is null)
        {
            throw new ArgumentNullException(nameof(apiKey));
        }

        if (sessionId is null)
        {
            throw new ArgumentNullException(nameof(sessionId));
        }

        if (string.IsNullOrWhiteSpace(apiKey))
        {
            throw new ArgumentException("The API key must not be empty or white space.", nameof(apiKey));
        }

        if (string.IsNullOrWhiteSpace(sessionId))
        {
            throw new ArgumentException("The session id must not be empty or white space.", nameof(sessionId));
        }

        return new Session.Builder(context, apiKey, sessionId).Build();
    }

    private static OpenTokPublisher Unwrap(IPublisher publisher) => publisher switch
    {
        null => throw new ArgumentNullException(nameof(publisher)),
        OpenTokPublisher target => target,
        _ => throw new ArgumentException("The publisher must be created by an OpenTokPublisherFactory.", nameof(publisher)),
    };

    private (Task Operation, bool CalledSdk) Unpublish(OpenTokPublisher target)
    {
        var (operation, callSdk) = target.BeginUnpublish();
        if (!callSdk)
        {
            return (operation, false);
        }

        bool connected;
        lock (_gate)
        {
            connected = _state is SessionState.Connected or SessionState.Reconnecting;
        }

        if (!connected || target.Sdk is not { } sdk)
        {
            target.EndUnpublish();
            return (operation, false);
        }

        try
        {
            SdkSession.Unpublish(sdk);
        }
        catch (OpenTokException exception)
        {
            target.EndUnpublish();
            return (Task.FromException(_settings.Map(OpenTokErrorSource.Session, exception, PublishPhase.Publish)), true);
        }

        return (operation, true);
    }

    private void AbandonConnect(TaskCompletionSource<bool> connect)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_connect, connect))
            {
                return;
            }

            _connect = null;
            _state = SessionState.Disconnected;
            _disconnectRequested = true;
        }

        connect.TrySetCanceled();
        try
        {
            // Stop the SDK's attempt; its Disconnected, if any, is not reported (the session never connected).
            SdkSession.Disconnect();
        }
        catch (OpenTokException)
        {
            // Nothing to stop.
        }
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(OpenTokSession));
        }
    }

    private void OnConnected(object? sender, EventArgs e)
    {
        TaskCompletionSource<bool>? connect = null;
        lock (_gate)
        {
            if (_state == SessionState.Connecting)
            {
                _state = SessionState.Connected;
                connect = _connect;
                _connect = null;
            }
        }

        connect?.TrySetResult(true);
    }

    private void OnReconnectionStart(object? sender, EventArgs e)
    {
        lock (_gate)
        {
            if (_state != SessionState.Connected)
            {
                return;
            }

            _state = SessionState.Reconnecting;
        }

        Reconnecting?.Invoke(this, EventArgs.Empty);
    }

    private void OnReconnectionSuccess(object? sender, EventArgs e)
    {
        TaskCompletionSource<bool>? waiting;
        lock (_gate)
        {
            if (_state != SessionState.Reconnecting)
            {
                return;
            }

            _state = SessionState.Connected;
            _connectionLost = false;
            waiting = _connect;
            _connect = null;
        }

        waiting?.TrySetResult(true);
        Reconnected?.Invoke(this, EventArgs.Empty);
    }

    private void OnError(object? sender, Session.ErrorEventArgs? e)
    {
        int? code = e is null ? null : (int)e.ErrorCode;
        var description = e?.ErrorDescription;
        TaskCompletionSource<bool>? connect = null;
        OpenTokPublisher[] publishers = [];
        lock (_gate)
        {
            switch (_state)
            {
                case SessionState.Connecting:
                    // A session error while connecting ends the attempt.
                    connect = _connect;
                    _connect = null;
                    _state = SessionState.Disconnected;
                    break;
                case SessionState.Connected or SessionState.Reconnecting:
                    if (code is { } c && _settings.ConnectionLostErrorCodes.Contains(c))
                    {
                        _connectionLost = true;
                    }

                    publishers = [.. _publishers];
                    break;
                default:
                    return;
            }
        }

        if (connect is not null)
        {
            connect.TrySetException(_settings.Map(OpenTokErrorSource.Session, code, null, description, PublishPhase.Connect));
            return;
        }

        if (publishers.Length > 0)
        {
            // A session error fails a publish in flight; published streams are unaffected until the SDK says otherwise.
            var error = _settings.Map(OpenTokErrorSource.Session, code, null, description, PublishPhase.Publish);
            foreach (var publisher in publishers)
            {
                publisher.FailPublish(error);
            }
        }
    }

    private void OnDisconnected(object? sender, EventArgs e)
    {
        SessionState previous;
        DisconnectReason reason;
        TaskCompletionSource<bool>? connect;
        TaskCompletionSource<bool>? disconnect;
        OpenTokPublisher[] publishers;
        lock (_gate)
        {
            previous = _state;
            reason = _disconnectRequested ? DisconnectReason.ClientDisconnected
                : previous == SessionState.Reconnecting || _connectionLost ? DisconnectReason.NetworkDisconnected
                : _settings.UnexpectedDisconnectReason;
            _state = SessionState.Disconnected;
            _connectionLost = false;
            (connect, disconnect) = (_connect, _disconnect);
            (_connect, _disconnect) = (null, null);
            publishers = [.. _publishers];
        }

        connect?.TrySetException(_settings.Map(OpenTokErrorSource.Session, null, SdkErrorNames.NotConnected, "The session was disconnected.", PublishPhase.Connect));
        if (publishers.Length > 0)
        {
            var publishError = _settings.Map(OpenTokErrorSource.Session, null, SdkErrorNames.NotConnected, "The session was disconnected.", PublishPhase.Publish);
            var streamReason = StreamDestroyedEventArgs.ReasonFor(reason);
            foreach (var publisher in publishers)
            {
                publisher.OnSessionDisconnected(streamReason, publishError);
            }
        }

        disconnect?.TrySetResult(true);
        if (previous is SessionState.Connected or SessionState.Reconnecting)
        {
            Disconnected?.Invoke(this, new SessionDisconnectedEventArgs(reason));
        }
    }
}
