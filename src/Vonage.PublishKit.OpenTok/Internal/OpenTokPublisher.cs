using System;
using System.Threading;
using System.Threading.Tasks;
using OpenTok;

namespace Vonage.PublishKit.OpenTok.Internal;

/// <summary>
/// <see cref="IPublisher"/> over an <c>OpenTok.Publisher</c>: built (after the device pre-flight) by
/// <see cref="InitializeAsync"/>, published by <see cref="OpenTokSession"/>, which completes its tasks from the SDK's events.
/// </summary>
/// <remarks>
/// SDK events may arrive on any thread. State is guarded by a lock that is never held while completing a task,
/// calling the SDK or raising an event.
/// </remarks>
internal sealed class OpenTokPublisher : IPublisher
{
    private readonly object _gate = new();
    private readonly Context _context;
    private readonly PublisherSettings _publisherSettings;
    private readonly AdapterSettings _settings;
    private State _state;
    private Publisher? _sdk;
    private OpenTokSession? _session;
    private TaskCompletionSource<bool>? _publish;
    private TaskCompletionSource<bool>? _unpublish;
    private PublishException? _pendingError;
    private bool _hasStream;
    private string? _streamId;

    public OpenTokPublisher(Context context, PublisherSettings publisherSettings, AdapterSettings settings)
    {
        _context = context;
        _publisherSettings = publisherSettings;
        _settings = settings;
    }

    public event EventHandler<StreamDestroyedEventArgs>? StreamDestroyed;

    private enum State
    {
        Created,
        Initializing,
        Initialized,
        Publishing,
        Published,
        Unpublishing,
        Disposed,
    }

    public string? StreamId
    {
        get
        {
            lock (_gate)
            {
                return _streamId;
            }
        }
    }

    /// <summary>Gets the SDK publisher once initialized.</summary>
    public Publisher? Sdk
    {
        get
        {
            lock (_gate)
            {
                return _sdk;
            }
        }
    }

    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        lock (_gate)
        {
            switch (_state)
            {
                case State.Disposed:
                    throw new ObjectDisposedException(nameof(OpenTokPublisher));
                case not State.Created:
                    throw new InvalidOperationException("The publisher is already initialized.");
            }

            _state = State.Initializing;
        }

        Publisher sdk;
        try
        {
            if (_settings.CheckDevices)
            {
                DevicePreflight.Check(_settings, _publisherSettings.PublishVideo, _publisherSettings.PublishAudio);
            }

            var builder = new Publisher.Builder(_context) { Name = _publisherSettings.Name };
            _settings.ConfigurePublisher?.Invoke(builder);
            sdk = builder.Build();
            sdk.PublishAudio = _publisherSettings.PublishAudio;
            sdk.PublishVideo = _publisherSettings.PublishVideo;
        }
        catch (OpenTokException exception)
        {
            ReturnToCreated();
            return Task.FromException(_settings.Map(OpenTokErrorSource.Publisher, exception, PublishPhase.Initialize));
        }
        catch (PublishException exception)
        {
            ReturnToCreated();
            return Task.FromException(exception);
        }

        sdk.StreamCreated += OnStreamCreated;
        sdk.StreamDestroyed += OnStreamDestroyed;
        sdk.Error += OnError;
        bool disposed;
        lock (_gate)
        {
            disposed = _state == State.Disposed;
            if (!disposed)
            {
                _sdk = sdk;
                _state = State.Initialized;
            }
        }

        if (disposed)
        {
            // Disposed while building: release what was just acquired.
            Release(sdk);
            return Task.FromException(new ObjectDisposedException(nameof(OpenTokPublisher)));
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        State previous;
        Publisher? sdk;
        OpenTokSession? session;
        TaskCompletionSource<bool>? publish;
        TaskCompletionSource<bool>? unpublish;
        lock (_gate)
        {
            if (_state == State.Disposed)
            {
                return default;
            }

            previous = _state;
            _state = State.Disposed;
            (sdk, session, publish, unpublish) = (_sdk, _session, _publish, _unpublish);
            (_sdk, _session, _publish, _unpublish) = (null, null, null, null);
        }

        publish?.TrySetException(new ObjectDisposedException(nameof(OpenTokPublisher)));
        unpublish?.TrySetResult(true);
        if (sdk is not null)
        {
            // The samples' order: unpublish from the session, then dispose the publisher.
            if (previous is State.Publishing or State.Published && session is not null)
            {
                session.UnpublishQuietly(sdk);
            }

            Release(sdk);
        }

        session?.Forget(this);
        return default;
    }

    /// <summary>Starts a publish: the task completes on <c>StreamCreated</c>. Returns whether the session must call the SDK.</summary>
    internal (Task Task, bool CallSdk) BeginPublish(OpenTokSession session)
    {
        lock (_gate)
        {
            switch (_state)
            {
                case State.Disposed:
                    throw new ObjectDisposedException(nameof(OpenTokPublisher));
                case State.Created or State.Initializing:
                    throw new InvalidOperationException("The publisher must be initialized before it is published.");
                case not State.Initialized:
                    throw new InvalidOperationException("The publisher is already published or being published.");
            }

            if (_pendingError is { } error)
            {
                // The SDK reported a publisher error before the publish: that error is the outcome.
                _pendingError = null;
                return (Task.FromException(error), false);
            }

            _state = State.Publishing;
            _session = session;
            _publish = Operation.Create();
            _streamId = null;
            _hasStream = false;
            return (_publish.Task, true);
        }
    }

    /// <summary>Fails a publish in flight (an SDK exception, a session error or disconnection).</summary>
    internal void FailPublish(PublishException error)
    {
        TaskCompletionSource<bool>? publish = null;
        lock (_gate)
        {
            if (_state == State.Publishing)
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

    /// <summary>The session disconnected: a stream in flight or published is gone, for this reason.</summary>
    internal void OnSessionDisconnected(StreamDestroyedReason reason, PublishException publishError)
    {
        TaskCompletionSource<bool>? publish = null;
        TaskCompletionSource<bool>? unpublish = null;
        var raise = false;
        lock (_gate)
        {
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

        publish?.TrySetException(publishError);
        unpublish?.TrySetResult(true);
        if (raise)
        {
            StreamDestroyed?.Invoke(this, new StreamDestroyedEventArgs(reason));
        }
    }

    private void Release(Publisher sdk)
    {
        sdk.StreamCreated -= OnStreamCreated;
        sdk.StreamDestroyed -= OnStreamDestroyed;
        sdk.Error -= OnError;
        try
        {
            sdk.Dispose();
        }
        catch (OpenTokException)
        {
            // Nothing more can be released.
        }
    }

    private void ReturnToCreated()
    {
        lock (_gate)
        {
            if (_state == State.Initializing)
            {
                _state = State.Created;
            }
        }
    }

    private void OnStreamCreated(object? sender, Publisher.StreamEventArgs? e)
    {
        TaskCompletionSource<bool>? publish = null;
        lock (_gate)
        {
            if (_state is State.Publishing or State.Unpublishing)
            {
                _hasStream = true;
                _streamId = e?.Stream?.Id;
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
        TaskCompletionSource<bool>? publish = null;
        TaskCompletionSource<bool>? unpublish = null;
        StreamDestroyedReason reason;
        bool raise;
        lock (_gate)
        {
            var requested = _state == State.Unpublishing || _session is { IsDisconnectRequested: true };
            reason = requested ? StreamDestroyedReason.ClientDisconnected : _settings.UnexpectedStreamDestroyedReason;
            switch (_state)
            {
                case State.Publishing:
                    publish = _publish;
                    raise = false;
                    break;
                case State.Published:
                    raise = true;
                    break;
                case State.Unpublishing:
                    unpublish = _unpublish;
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

        if (publish is not null)
        {
            publish.TrySetException(_settings.Map(OpenTokErrorSource.Publisher, null, SdkErrorNames.NotConnected, "The stream was destroyed before it was created.", PublishPhase.Publish));
        }

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
        State state;
        lock (_gate)
        {
            state = _state;
        }

        if (state is not (State.Created or State.Initializing or State.Initialized or State.Publishing))
        {
            // After the stream was created the SDK reports the loss itself with StreamDestroyed.
            return;
        }

        var phase = state == State.Publishing ? PublishPhase.Publish : PublishPhase.Initialize;
        var error = _settings.Map(OpenTokErrorSource.Publisher, code, null, description, phase);
        TaskCompletionSource<bool>? publish = null;
        lock (_gate)
        {
            if (_state == State.Publishing && phase == PublishPhase.Publish)
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
        }

        publish?.TrySetException(error);
    }
}
