using System;
using System.Threading;
using System.Threading.Tasks;
using OpenTok;

namespace Vonage.PublishKit.OpenTok.Internal;

/// <summary>
/// <see cref="IPublisher"/> over an <c>OpenTok.Publisher</c>: built (after <see cref="DeviceSelection"/>) by
/// <see cref="InitializeAsync"/>, published by <see cref="OpenTokSession"/>, which completes its tasks from the SDK's events.
/// This file: the lifecycle (build, dispose). OpenTokPublisher.Publication.cs: the publication the session drives.
/// OpenTokPublisher.SdkEvents.cs: the SDK's events.
/// </summary>
/// <remarks>
/// SDK events may arrive on any thread. State is guarded by a lock that is never held while completing a task,
/// calling the SDK or raising an event. Only <see cref="OpenTokOptions.ErrorMapper"/> runs under it (see OnError).
/// </remarks>
internal sealed partial class OpenTokPublisher : IPublisher
{
    private readonly object _gate = new();
    private readonly Context _context;
    private readonly PublisherSettings _publisherSettings;
    private readonly AdapterSettings _settings;
    private State _state;
    private Publisher? _sdk;
    private DeviceSelection? _devices;
    private OpenTokSession? _session;
    private TaskCompletionSource<bool>? _publish;
    private TaskCompletionSource<bool>? _unpublish;
    private PublishException? _pendingError;
    private bool _hasStream;
    private string? _streamId;
    private int _publication;

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

        DeviceSelection? devices = null;
        Publisher? sdk = null;
        var inAppHook = false;
        try
        {
            devices = DeviceSelection.Select(_settings, _publisherSettings);

            // Without a video track the SDK opens no camera: an audio-only publish never touches one.
            var builder = new Publisher.Builder(_context)
            {
                Name = _publisherSettings.Name,
                HasAudioTrack = _publisherSettings.PublishAudio,
                HasVideoTrack = _publisherSettings.PublishVideo,
            };
            if (devices.Capturer is { } capturer)
            {
                builder.Capturer = capturer;
            }

            inAppHook = true;
            _settings.ConfigurePublisher?.Invoke(builder);
            inAppHook = false;
            sdk = builder.Build();
            sdk.PublishAudio = _publisherSettings.PublishAudio;
            sdk.PublishVideo = _publisherSettings.PublishVideo;
        }
#pragma warning disable CA1031 // Whatever fails (the SDK, the devices, the app's ConfigurePublisher) fails the task, never the state.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            if (sdk is not null)
            {
                SdkCalls.Quietly(sdk.Dispose);
            }

            devices?.Dispose();
            ReturnToCreated();
            // The app's own exception travels as is; the SDK's is mapped, and sanitized.
            return Task.FromException(inAppHook ? exception : _settings.Map(OpenTokErrorSource.Publisher, exception, PublishPhase.Initialize));
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
                (_sdk, _devices) = (sdk, devices);
                _state = State.Initialized;
            }
        }

        if (disposed)
        {
            // Disposed while building: release what was just acquired.
            Release(sdk, devices);
            return Task.FromException(new ObjectDisposedException(nameof(OpenTokPublisher)));
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        State previous;
        Publisher? sdk;
        DeviceSelection? devices;
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
            (sdk, devices, session, publish, unpublish) = (_sdk, _devices, _session, _publish, _unpublish);
            (_sdk, _devices, _session, _publish, _unpublish) = (null, null, null, null, null);
        }

        publish?.TrySetException(new ObjectDisposedException(nameof(OpenTokPublisher)));
        unpublish?.TrySetResult(true);
        if (sdk is not null)
        {
            // The samples' order: unpublish from the session, dispose the publisher, then its capturer.
            if (previous is State.Publishing or State.Published && session is not null)
            {
                session.UnpublishQuietly(sdk);
            }

            Release(sdk, devices);
        }

        session?.Forget(this);
        return default;
    }

    private void Release(Publisher sdk, DeviceSelection? devices)
    {
        sdk.StreamCreated -= OnStreamCreated;
        sdk.StreamDestroyed -= OnStreamDestroyed;
        sdk.Error -= OnError;
        SdkCalls.Quietly(sdk.Dispose);
        devices?.Dispose();
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
}
