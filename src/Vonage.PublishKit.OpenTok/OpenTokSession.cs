using System;
using System.Collections.Generic;
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
/// <para>
/// On an SDK <c>Disconnected</c>, <see cref="Disconnected"/> is raised first; then each publisher that was published or
/// publishing in this session raises its <see cref="IPublisher.StreamDestroyed"/> (or fails its publish), for that
/// publication only. One SDK disconnection is therefore one loss, even to a handler that publishes again within the event.
/// </para>
/// <para>
/// This file: construction, state and disposal. OpenTokSession.Operations.cs: connect, publish, unpublish, disconnect.
/// OpenTokSession.SdkEvents.cs: the SDK session's events.
/// </para>
/// </remarks>
public sealed partial class OpenTokSession : ISession, IDisposable
{
    private readonly object _gate = new();
    private readonly bool _ownsSession;
    private readonly AdapterSettings _settings;
    // Each publisher in flight or published here, with the number of that publication (OpenTokPublisher.Publication.cs).
    private readonly Dictionary<OpenTokPublisher, int> _publishers = [];
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
        Attach();
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

    /// <summary>
    /// Stops every operation in flight (they fail with <see cref="ObjectDisposedException"/>), unpublishes what is still
    /// published, disconnects, detaches from the SDK session and, when this instance built it, disposes it: the
    /// samples' order. Publishers stay with their owner. Idempotent. No event is raised afterwards.
    /// </summary>
    public void Dispose()
    {
        TaskCompletionSource<bool>? connect;
        TaskCompletionSource<bool>? disconnect;
        KeyValuePair<OpenTokPublisher, int>[] publishers;
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
        foreach (var entry in publishers)
        {
            var publisher = entry.Key;
            publisher.FailPublish(PublishErrors.FromSdkError(null, SdkErrorNames.NotConnected, "The session was disposed.", PublishPhase.Publish), entry.Value);
            var (_, callSdk) = publisher.BeginUnpublish();
            if (callSdk && publisher.Sdk is { } sdk)
            {
                UnpublishQuietly(sdk);
            }

            publisher.EndUnpublish();
        }

        if (active)
        {
            SdkCalls.Quietly(SdkSession.Disconnect);
        }

        disconnect?.TrySetResult(true);
        Detach();
        Disconnected = null;
        Reconnecting = null;
        Reconnected = null;
        if (_ownsSession)
        {
            SdkCalls.Quietly(SdkSession.Dispose);
        }
    }

    /// <summary>Unpublishes without waiting or throwing: cleanup paths.</summary>
    internal void UnpublishQuietly(Publisher sdk) => SdkCalls.Quietly(() => SdkSession.Unpublish(sdk));

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

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(OpenTokSession));
        }
    }
}
