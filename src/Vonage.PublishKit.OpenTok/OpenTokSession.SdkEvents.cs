using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using OpenTok;
using Vonage.PublishKit.OpenTok.Internal;

namespace Vonage.PublishKit.OpenTok;

/// <summary>The SDK session's events, on whatever thread the dispatcher raises them: state, tasks, reasons and our events.</summary>
public sealed partial class OpenTokSession
{
    private void Attach()
    {
        SdkSession.Connected += OnConnected;
        SdkSession.Disconnected += OnDisconnected;
        SdkSession.ReconnectionStart += OnReconnectionStart;
        SdkSession.ReconnectionSuccess += OnReconnectionSuccess;
        SdkSession.Error += OnError;
    }

    private void Detach()
    {
        SdkSession.Connected -= OnConnected;
        SdkSession.Disconnected -= OnDisconnected;
        SdkSession.ReconnectionStart -= OnReconnectionStart;
        SdkSession.ReconnectionSuccess -= OnReconnectionSuccess;
        SdkSession.Error -= OnError;
    }

    /// <summary>Completes a connect that joined or started a connection now established, unless the token may not publish.</summary>
    private void CompleteConnect(TaskCompletionSource<bool>? connect)
    {
        if (connect is null)
        {
            return;
        }

        if (PublishRefusal() is { } refused)
        {
            connect.TrySetException(refused);
        }
        else
        {
            connect.TrySetResult(true);
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

        CompleteConnect(connect);
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

        CompleteConnect(waiting);
        Reconnected?.Invoke(this, EventArgs.Empty);
    }

    private void OnError(object? sender, Session.ErrorEventArgs? e)
    {
        int? code = e is null ? null : (int)e.ErrorCode;
        var description = e?.ErrorDescription;
        TaskCompletionSource<bool>? connect = null;
        KeyValuePair<OpenTokPublisher, int>[] publishers = [];
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
            foreach (var entry in publishers)
            {
                entry.Key.FailPublish(error, entry.Value);
            }
        }
    }

    /// <remarks>
    /// Our <see cref="Disconnected"/> goes first, then the publishers that were in this session hear of it (issue 13, item 9).
    /// <see cref="Disconnected"/> is the one event that names no publication: raised after the publishers' StreamDestroyed, a
    /// handler that had already republished (the SDK may answer within the call) would take it for the new stream's loss.
    /// The publishers are the ones registered when the SDK reported the disconnection, each for that publication only.
    /// </remarks>
    private void OnDisconnected(object? sender, EventArgs e)
    {
        SessionState previous;
        DisconnectReason reason;
        TaskCompletionSource<bool>? connect;
        TaskCompletionSource<bool>? disconnect;
        KeyValuePair<OpenTokPublisher, int>[] publishers;
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
            _publishers.Clear();
        }

        connect?.TrySetException(_settings.Map(OpenTokErrorSource.Session, null, SdkErrorNames.NotConnected, "The session was disconnected.", PublishPhase.Connect));
        disconnect?.TrySetResult(true);
        try
        {
            if (previous is SessionState.Connected or SessionState.Reconnecting)
            {
                Disconnected?.Invoke(this, new SessionDisconnectedEventArgs(reason));
            }
        }
        finally
        {
            // Even when a handler threw: a publication left out would wait for a stream that is gone.
            NotifyDisconnected(publishers, reason);
        }
    }

    private void NotifyDisconnected(KeyValuePair<OpenTokPublisher, int>[] publishers, DisconnectReason reason)
    {
        if (publishers.Length == 0)
        {
            return;
        }

        var publishError = _settings.Map(OpenTokErrorSource.Session, null, SdkErrorNames.NotConnected, "The session was disconnected.", PublishPhase.Publish);
        var streamReason = StreamDestroyedEventArgs.ReasonFor(reason);
        ExceptionDispatchInfo? first = null;
        foreach (var entry in publishers)
        {
            try
            {
                entry.Key.OnSessionDisconnected(streamReason, publishError, entry.Value);
            }
#pragma warning disable CA1031 // A StreamDestroyed handler that throws must not keep the next publication from hearing of it.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                first ??= ExceptionDispatchInfo.Capture(exception);
            }
        }

        first?.Throw();
    }
}
