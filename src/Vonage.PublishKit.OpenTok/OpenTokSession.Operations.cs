using System;
using System.Threading;
using System.Threading.Tasks;
using OpenTok;
using Vonage.PublishKit.OpenTok.Internal;

namespace Vonage.PublishKit.OpenTok;

/// <summary>Connect, publish, unpublish and disconnect: the SDK's synchronous calls as tasks its events complete.</summary>
public sealed partial class OpenTokSession
{
    /// <inheritdoc/>
    /// <remarks>
    /// Completes on the SDK's <c>Connected</c>; fails on its <c>Error</c> or an <c>OpenTokException</c>, mapped by numeric code.
    /// Completes at once when connected; joins a connection in progress, or a reconnection. Canceling the call that started
    /// the connection disconnects the SDK session. A token that may only subscribe (<c>Session.Capabilities.CanPublish</c>
    /// is false) fails it once connected with a non-transient <see cref="PublishException"/> of kind
    /// <see cref="PublishErrorKind.AuthenticationFailed"/>; the session stays connected, for subscribing through <see cref="SdkSession"/>.
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

        TaskCompletionSource<bool>? connect;
        var start = false;
        lock (_gate)
        {
            ThrowIfDisposed();
            switch (_state)
            {
                case SessionState.Connected:
                    connect = null;
                    break;
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

        if (connect is null)
        {
            return PublishRefusal() is { } refused ? Task.FromException(refused) : Task.CompletedTask;
        }

        if (start)
        {
            if (SdkCalls.Try(() => SdkSession.Connect(token)) is { } failure)
            {
                lock (_gate)
                {
                    if (ReferenceEquals(_connect, connect))
                    {
                        _connect = null;
                        _state = SessionState.Disconnected;
                    }
                }

                connect.TrySetException(_settings.Map(OpenTokErrorSource.Session, failure, PublishPhase.Connect));
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
            return Task.FromException(NotConnected("The session is not connected."));
        }

        if (PublishRefusal() is { } refused)
        {
            return Task.FromException(refused);
        }

        var (operation, sdk, publication) = target.BeginPublish(this);
        if (sdk is not null)
        {
            lock (_gate)
            {
                // A Disconnected between the check above and here would otherwise never reach this publication.
                connected = _state == SessionState.Connected && !_disposed;
                if (connected)
                {
                    _publishers[target] = publication;
                }
            }

            if (!connected)
            {
                target.FailPublish(NotConnected("The session was disconnected."), publication);
            }
            else if (SdkCalls.Try(() => SdkSession.Publish(sdk)) is { } failure)
            {
                target.FailPublish(_settings.Map(OpenTokErrorSource.Session, failure, PublishPhase.Publish), publication);
            }
        }

        return Operation.WaitAsync(operation, sdk is not null ? () => Unpublish(target) : null, cancellationToken);
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

        if (SdkCalls.Try(SdkSession.Disconnect) is { } failure)
        {
            disconnect.TrySetException(_settings.Map(OpenTokErrorSource.Session, failure, PublishPhase.Connect));
        }

        return Operation.WaitAsync(disconnect.Task, onCanceled: null, cancellationToken);
    }

    /// <summary>A failure to publish, mapped as an SDK "not connected" so that the app's mapper sees it too.</summary>
    private PublishException NotConnected(string description) =>
        _settings.Map(OpenTokErrorSource.Session, SdkErrorCodes.NotConnected, null, description, PublishPhase.Publish);

    /// <summary>
    /// The error for a token that may only subscribe (<c>Session.Capabilities.CanPublish</c> is false once connected), or
    /// <see langword="null"/> when publishing is allowed or the SDK does not say.
    /// </summary>
    private PublishException? PublishRefusal()
    {
        // Capabilities the SDK cannot tell (it throws, or returns null) refuse nothing.
        Capabilities? capabilities = null;
        SdkCalls.Quietly(() => capabilities = SdkSession.Capabilities);
        var canPublish = capabilities is not { CanPublish: false };

        return canPublish ? null : _settings.Map(
            OpenTokErrorSource.Session,
            null,
            SdkErrorNames.AuthenticationError,
            "The token does not allow publishing (Session.Capabilities.CanPublish is false): use a token with the publisher role",
            PublishPhase.Connect);
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

        if (SdkCalls.Try(() => SdkSession.Unpublish(sdk)) is { } failure)
        {
            target.EndUnpublish();
            return (Task.FromException(_settings.Map(OpenTokErrorSource.Session, failure, PublishPhase.Publish)), true);
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
        // Stop the SDK's attempt; its Disconnected, if any, is not reported (the session never connected).
        SdkCalls.Quietly(SdkSession.Disconnect);
    }
}
