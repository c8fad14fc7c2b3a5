using System.Threading.Tasks;
using OpenTok;

namespace Vonage.PublishKit.OpenTok.Internal;

/// <summary>The publication, as <see cref="OpenTokSession"/> drives it: publish, unpublish, the session's errors and disconnection.</summary>
/// <remarks>
/// Each publish gets a number; the session passes it back, so that news about an earlier publication (a disconnection
/// the SDK reported before this publisher was published again) never ends a later one.
/// </remarks>
internal sealed partial class OpenTokPublisher
{
    /// <summary>
    /// Starts a publish: the task completes on <c>StreamCreated</c>. Returns the SDK publisher the session must publish, or
    /// <see langword="null"/> when the outcome is already known, and the publication's number.
    /// </summary>
    internal (Task Task, Publisher? Sdk, int Publication) BeginPublish(OpenTokSession session)
    {
        lock (_gate)
        {
            switch (_state)
            {
                case State.Disposed:
                    throw new System.ObjectDisposedException(nameof(OpenTokPublisher));
                case State.Created or State.Initializing:
                    throw new System.InvalidOperationException("The publisher must be initialized before it is published.");
                case not State.Initialized:
                    throw new System.InvalidOperationException("The publisher is already published or being published.");
            }

            if (_pendingError is { } error)
            {
                // The SDK reported a publisher error before the publish: that error is the outcome.
                _pendingError = null;
                return (Task.FromException(error), null, _publication);
            }

            _state = State.Publishing;
            _session = session;
            _publish = Operation.Create();
            _streamId = null;
            _hasStream = false;
            return (_publish.Task, _sdk, ++_publication);
        }
    }

    /// <summary>Fails that publication if it is still in flight (an SDK exception, a session error or disconnection).</summary>
    internal void FailPublish(PublishException error, int publication)
    {
        TaskCompletionSource<bool>? publish = null;
        lock (_gate)
        {
            if (_state == State.Publishing && _publication == publication)
            {
                _state = State.Initialized;
                publish = _publish;
                _publish = null;
            }
        }

        publish?.TrySetException(error);
    }

    /// <summary>Starts an unpublish: the task completes on <c>StreamDestroyed</c>. Returns whether the session must call the SDK.</summary>
    internal (Task Task, bool CallSdk) BeginUnpublish()
    {
        TaskCompletionSource<bool>? publish = null;
        (Task, bool) result;
        lock (_gate)
        {
            switch (_state)
            {
                case State.Publishing or State.Published:
                    publish = _publish;
                    _publish = null;
                    _state = State.Unpublishing;
                    _unpublish = Operation.Create();
                    result = (_unpublish.Task, true);
                    break;
                case State.Unpublishing:
                    result = (_unpublish!.Task, false);
                    break;
                default:
                    result = (Task.CompletedTask, false);
                    break;
            }
        }

        publish?.TrySetCanceled();
        return result;
    }

    /// <summary>Ends an unpublish the SDK will not confirm (the session is not connected, or the call failed).</summary>
    internal void EndUnpublish()
    {
        TaskCompletionSource<bool>? unpublish = null;
        lock (_gate)
        {
            if (_state == State.Unpublishing)
            {
                _state = State.Initialized;
                unpublish = _unpublish;
                _unpublish = null;
            }
        }

        unpublish?.TrySetResult(true);
    }

    /// <summary>The session disconnected while that publication was in flight or published: its stream is gone, for this reason.</summary>
    internal void OnSessionDisconnected(StreamDestroyedReason reason, PublishException publishError, int publication) =>
        EndStream(reason, () => publishError, publication);
}
