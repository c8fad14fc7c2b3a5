using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.JSInterop;
using Vonage.PublishKit.Web.Internal;

namespace Vonage.PublishKit.Web;

/// <summary>
/// <see cref="ISession"/> over an OpenTok.js session (<c>OT.initSession</c>) through Blazor JS interop: its callbacks
/// become tasks, its errors typed <see cref="PublishException"/>s, and its <c>reason</c> strings the core's reasons.
/// Works in Blazor Server and WebAssembly.
/// </summary>
/// <remarks>
/// <para>
/// No call waits on the SDK inside a JS interop call: each call into the browser only starts the SDK's work, and the
/// SDK's answer comes back through a <see cref="DotNetObjectReference{TValue}"/>. So the caller's cancellation (the
/// orchestrator's <see cref="PublishOrchestratorOptions.ConnectTimeout"/>) bounds every wait, even on a connect the SDK
/// never answers (it has no timeout of its own).
/// </para>
/// <para>
/// A closed circuit (<see cref="JSDisconnectedException"/>) fails a call in progress with a non-transient
/// <see cref="PublishException"/>, and makes releases no-ops. Thread-safe; events are raised on the thread the
/// browser's callback arrived on.
/// </para>
/// </remarks>
public sealed partial class WebSession : ISession, IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly JsBinding _binding;
    private readonly Sink _sink;
    private SessionState _state;
    private Task? _connect;
    private bool _disposed;

    /// <summary>Initializes a new instance with default <see cref="WebAdapterOptions"/>.</summary>
    /// <param name="js">The JS runtime of the circuit or of the WebAssembly app.</param>
    /// <param name="apiKey">The API key (application id).</param>
    /// <param name="sessionId">The session id.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> or <paramref name="sessionId"/> is empty or white space.</exception>
    public WebSession(IJSRuntime js, string apiKey, string sessionId)
        : this(js, apiKey, sessionId, null)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="js">The JS runtime of the circuit or of the WebAssembly app.</param>
    /// <param name="apiKey">The API key (application id).</param>
    /// <param name="sessionId">The session id.</param>
    /// <param name="options">The adapter's options; <see langword="null"/> for the defaults. They are copied.</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="WebAdapterOptions.ReleaseTimeout"/> is zero or negative.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="js"/>, <paramref name="apiKey"/> or <paramref name="sessionId"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> or <paramref name="sessionId"/> is empty or white space.</exception>
    public WebSession(IJSRuntime js, string apiKey, string sessionId, WebAdapterOptions? options)
    {
        if (js is null)
        {
            throw new ArgumentNullException(nameof(js));
        }

        Require(apiKey, nameof(apiKey));
        Require(sessionId, nameof(sessionId));
        _sink = new Sink(this);
        _binding = new JsBinding(js, (options ?? new WebAdapterOptions()).Clone(), _sink, "createSession", apiKey, sessionId);
    }

    /// <inheritdoc/>
    public event EventHandler<SessionDisconnectedEventArgs>? Disconnected;

    /// <inheritdoc/>
    /// <remarks>Raised on OpenTok.js's <c>sessionReconnecting</c>.</remarks>
    public event EventHandler? Reconnecting;

    /// <inheritdoc/>
    /// <remarks>Raised on OpenTok.js's <c>sessionReconnected</c>.</remarks>
    public event EventHandler? Reconnected;

    private enum SessionState
    {
        Disconnected,
        Connecting,
        Connected,
        Reconnecting,
    }

    /// <inheritdoc/>
    /// <remarks>False while the SDK reconnects by itself.</remarks>
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

    /// <inheritdoc/>
    /// <remarks>
    /// Completes at once when connected and joins a connection in progress. Canceling the call that started the
    /// connection disconnects the SDK session, so an answer that comes late connects nothing.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="token"/> is empty or white space.</exception>
    /// <exception cref="ObjectDisposedException">The session is disposed.</exception>
    public Task ConnectAsync(string token, CancellationToken cancellationToken = default)
    {
        Require(token, nameof(token));
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        lock (_gate)
        {
            ThrowIfDisposed();
            if (_state == SessionState.Connected)
            {
                return Task.CompletedTask;
            }

            if (_connect is { } joined)
            {
                return joined.WaitAsync(cancellationToken);
            }

            _state = SessionState.Connecting;
            var connect = ConnectCoreAsync(token, cancellationToken);
            if (!connect.IsCompleted)
            {
                _connect = connect;
            }

            return connect;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Always asks the SDK, which answers <c>OT_NOT_CONNECTED</c> (1010) itself on a session that is not connected.
    /// Completes when the SDK's publish callback reports the stream created; canceling unpublishes.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="publisher"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="publisher"/> was not created by a <see cref="WebPublisherFactory"/>.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="publisher"/> is not initialized, or is already published.</exception>
    /// <exception cref="ObjectDisposedException">The session or the publisher is disposed.</exception>
    public Task PublishAsync(IPublisher publisher, CancellationToken cancellationToken = default)
    {
        var target = Unwrap(publisher);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        lock (_gate)
        {
            ThrowIfDisposed();
        }

        target.BeginPublish();
        return PublishCoreAsync(target, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Completes once the SDK was told (its <c>session.unpublish</c> is synchronous), at once when nothing is published.
    /// The publisher's <see cref="IPublisher.StreamDestroyed"/> then reports <see cref="StreamDestroyedReason.ClientDisconnected"/>.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="publisher"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="publisher"/> was not created by a <see cref="WebPublisherFactory"/>.</exception>
    public async Task UnpublishAsync(IPublisher publisher, CancellationToken cancellationToken = default)
    {
        var target = Unwrap(publisher);
        cancellationToken.ThrowIfCancellationRequested();
        if (!target.BeginUnpublish())
        {
            return;
        }

        await _binding.ReleaseCallAsync("unpublish", target.Binding.CreatedHandle).ConfigureAwait(false);
        target.EndStream(StreamDestroyedReason.ClientDisconnected);
    }

    /// <summary>
    /// Disconnects the SDK session (its <c>sessionDisconnected</c> then reports <see cref="DisconnectReason.ClientDisconnected"/>),
    /// releases the JS objects and fails any call in progress. Never throws, also when the circuit is gone.
    /// </summary>
    /// <returns>A task that completes when everything was released, or abandoned after <see cref="WebAdapterOptions.ReleaseTimeout"/>.</returns>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _state = SessionState.Disconnected;
        }

        await _binding.DisposeAsync().ConfigureAwait(false);
    }

    private static void Require(string value, string name)
    {
        if (value is null)
        {
            throw new ArgumentNullException(name);
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"The {name} must not be empty or white space.", name);
        }
    }

    private static WebPublisher Unwrap(IPublisher publisher) => publisher switch
    {
        null => throw new ArgumentNullException(nameof(publisher)),
        WebPublisher web => web,
        _ => throw new ArgumentException("The publisher was not created by a WebPublisherFactory.", nameof(publisher)),
    };

    private async Task ConnectCoreAsync(string token, CancellationToken cancellationToken)
    {
        var connected = false;
        try
        {
            await _binding.RunAsync(PublishPhase.Connect, "connect", AbandonConnect, cancellationToken, token).ConfigureAwait(false);
            connected = true;
        }
        finally
        {
            lock (_gate)
            {
                _connect = null;
                if (_state == SessionState.Connecting)
                {
                    _state = connected ? SessionState.Connected : SessionState.Disconnected;
                }
            }
        }
    }

    private void AbandonConnect() => _ = _binding.ReleaseCallAsync("disconnect");

    private async Task PublishCoreAsync(WebPublisher target, CancellationToken cancellationToken)
    {
        if (target.Binding.CreatedHandle is not { } handle)
        {
            target.PublishFailed();
            throw new InvalidOperationException("The publisher is not initialized.");
        }

        string? streamId;
        try
        {
            streamId = await _binding.RunAsync(
                PublishPhase.Publish,
                "publish",
                () => _ = _binding.ReleaseCallAsync("unpublish", handle),
                cancellationToken,
                handle).ConfigureAwait(false);
        }
        catch
        {
            target.PublishFailed();
            throw;
        }

        try
        {
            target.Published(streamId);
        }
        catch (PublishException)
        {
            // The camera stopped or access was denied while the SDK published: take the stream down again.
            await _binding.ReleaseCallAsync("unpublish", handle).ConfigureAwait(false);
            throw;
        }
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(WebSession));
        }
    }
}
