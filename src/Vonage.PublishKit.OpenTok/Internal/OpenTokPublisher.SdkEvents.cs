using System;
using System.Threading.Tasks;
using OpenTok;

namespace Vonage.PublishKit.OpenTok.Internal;

/// <summary>The SDK publisher's events: <c>StreamCreated</c>, <c>StreamDestroyed</c> and <c>Error</c>, on any thread.</summary>
/// <remarks>
/// The <c>Stream</c> objects these events carry stay the SDK's: the adapter reads the id during the event, keeps no
/// reference and never disposes them (docs/opentok.md says why).
/// </remarks>
internal sealed partial class OpenTokPublisher
{
    private void OnStreamCreated(object? sender, Publisher.StreamEventArgs? e)
    {
        TaskCompletionSource<bool>? publish = null;
        var id = e?.Stream?.Id;
        lock (_gate)
        {
            if (_state is State.Publishing or State.Unpublishing)
            {
                _hasStream = true;
                _streamId = id;
            }

            if (_state == State.Publishing)
            {
                _state = State.Published;
                publish = _publish;
                _publish = null;
            }
        }

        publish?.TrySetResult(true);
    }

    private void OnStreamDestroyed(object? sender, Publisher.StreamEventArgs? e)
    {
        OpenTokSession? session;
        lock (_gate)
        {
            session = _session;
        }

        var reason = session is { IsDisconnectRequested: true } ? StreamDestroyedReason.ClientDisconnected : _settings.UnexpectedStreamDestroyedReason;
        EndStream(
            reason,
            () => _settings.Map(OpenTokErrorSource.Publisher, null, SdkErrorNames.NotConnected, "The stream was destroyed before it was created.", PublishPhase.Publish),
            publication: null);
    }

    /// <summary>
    /// The stream is gone (of that publication, when given): a publish in flight fails, an unpublish completes, and a
    /// stream that existed raises <see cref="StreamDestroyed"/> (for an unpublish, as <see cref="StreamDestroyedReason.ClientDisconnected"/>).
    /// </summary>
    private void EndStream(StreamDestroyedReason reason, Func<PublishException> publishError, int? publication)
    {
        TaskCompletionSource<bool>? publish = null;
        TaskCompletionSource<bool>? unpublish = null;
        var raise = false;
        lock (_gate)
        {
            if (publication is { } number && _publication != number)
            {
                return;
            }

            switch (_state)
            {
                case State.Publishing:
                    publish = _publish;
                    break;
                case State.Published:
                    raise = true;
                    break;
                case State.Unpublishing:
                    unpublish = _unpublish;
                    reason = StreamDestroyedReason.ClientDisconnected;
                    raise = _hasStream;
                    break;
                default:
                    return;
            }

            _state = State.Initialized;
            _publish = null;
            _unpublish = null;
            _hasStream = false;
        }

        publish?.TrySetException(publishError());
        unpublish?.TrySetResult(true);
        if (raise)
        {
            StreamDestroyed?.Invoke(this, new StreamDestroyedEventArgs(reason));
        }
    }

    private void OnError(object? sender, Publisher.ErrorEventArgs? e)
    {
        int? code = e is null ? null : (int)e.ErrorCode;
        var description = e?.ErrorDescription;
        TaskCompletionSource<bool>? publish = null;
        PublishException? error = null;
        var lost = false;
        lock (_gate)
        {
            // One step, under the lock: reading the state, mapping and deciding (issue 13, item 10: an error between a
            // read and a second lock was dropped when the publish started in between).
            switch (_state)
            {
                case State.Created or State.Initializing or State.Initialized or State.Publishing:
                    var phase = _state == State.Publishing ? PublishPhase.Publish : PublishPhase.Initialize;
                    error = _settings.Map(OpenTokErrorSource.Publisher, code, null, description, phase);

                    // Read again: a mapper that called back into this publisher on this thread may have moved it.
                    if (_state == State.Publishing)
                    {
                        _state = State.Initialized;
                        publish = _publish;
                        _publish = null;
                    }
                    else if (_state is State.Created or State.Initializing or State.Initialized)
                    {
                        // Reported before any publish: the next publish fails with it.
                        _pendingError = error;
                    }

                    break;
                case State.Published when code == ErrorCodeNames.UnexpectedPeerConnectionDisconnection:
                    // After the stream exists, 1710 means it was lost; other errors are followed by StreamDestroyed.
                    _state = State.Initialized;
                    _hasStream = false;
                    lost = true;
                    break;
                default:
                    return;
            }
        }

        if (error is not null)
        {
            publish?.TrySetException(error);
        }

        if (lost)
        {
            StreamDestroyed?.Invoke(this, new StreamDestroyedEventArgs(StreamDestroyedReason.NetworkDisconnected));
        }
    }
}
