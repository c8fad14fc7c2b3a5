using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Vonage.PublishKit.Web.Internal;

/// <summary>
/// <see cref="IPublisher"/> over an OpenTok.js publisher: <c>OT.initPublisher</c> after an optional <c>OT.getDevices</c>
/// pre-flight; <see cref="DisposeAsync"/> destroys it, stops its tracks and releases every JS object reference.
/// </summary>
internal sealed class WebPublisher : IPublisher, IJsEventSink
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    private readonly object _gate = new();
    private readonly WebAdapterOptions _options;
    private readonly PublisherSettings _settings;
    private readonly ElementReference? _target;
    private State _state;
    private string? _streamId;
    private PublishException? _pendingError;
    private bool _unpublishing;

    public WebPublisher(IJSRuntime js, WebAdapterOptions options, PublisherSettings settings, ElementReference? target)
    {
        _options = options;
        _settings = settings;
        _target = target;
        Binding = new JsBinding(js, options, this, "createPublisher");
    }

    public event EventHandler<StreamDestroyedEventArgs>? StreamDestroyed;

    private enum State
    {
        Created,
        Initializing,
        Initialized,
        Publishing,
        Published,
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

    internal JsBinding Binding { get; }

    internal bool IsDisposed
    {
        get
        {
            lock (_gate)
            {
                return _state == State.Disposed;
            }
        }
    }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            switch (_state)
            {
                case State.Disposed:
                    throw new ObjectDisposedException(nameof(WebPublisher));
                case State.Created:
                    _state = State.Initializing;
                    break;
                default:
                    throw new InvalidOperationException("The publisher is already initialized or initializing.");
            }
        }

        try
        {
            if (_options.CheckDevicesBeforeInitialize)
            {
                await CheckDevicesAsync(cancellationToken).ConfigureAwait(false);
            }

            var properties = PublisherProperties.Build(_settings, _options.Publisher);
            await Binding.RunAsync(PublishPhase.Initialize, "init", onCanceled: null, cancellationToken, _target, properties).ConfigureAwait(false);
            lock (_gate)
            {
                if (_state == State.Initializing)
                {
                    _state = State.Initialized;
                }
            }
        }
        catch
        {
            lock (_gate)
            {
                if (_state == State.Initializing)
                {
                    _state = State.Created;
                }
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_state == State.Disposed)
            {
                return;
            }

            _state = State.Disposed;
            _streamId = null;
        }

        // The module's dispose destroys the SDK publisher and stops every track it captured.
        await Binding.DisposeAsync().ConfigureAwait(false);
    }

    void IJsEventSink.OnCompleted(long id, JsError? error, string? value) => Binding.Operations.Complete(id, error, value);

    void IJsEventSink.OnEvent(string name, string? reason, JsError? error)
    {
        switch (name)
        {
            case "streamCreated":
                lock (_gate)
                {
                    // Only for a publish in flight or done: a late one after a canceled publish is not this stream.
                    _streamId ??= _state is State.Publishing or State.Published ? reason : null;
                }

                break;
            case "streamDestroyed":
                EndStream(WebReasons.Stream(reason));
                break;
            case "mediaStopped":
                // The camera was unplugged or its track ended: a published stream is lost, an unpublished one cannot be.
                if (!EndStream(StreamDestroyedReason.MediaStopped))
                {
                    SetPendingError(new DeviceUnavailableException(
                        "The camera or microphone stopped before the stream was published (OpenTok.js mediaStopped).", PublishPhase.Initialize, null, null, null, null));
                }

                break;
            case "accessDenied":
                SetPendingError(WebErrors.Map(error ?? new JsError { Name = SdkErrorNames.UserMediaAccessDenied, Code = SdkErrorCodes.AccessDeniedOrUnableToPublish }, PublishPhase.Initialize));
                break;
        }
    }

    /// <summary>Claims the publisher for a publish: it must be initialized and not published; a denial or stop seen since fails it.</summary>
    internal void BeginPublish()
    {
        lock (_gate)
        {
            switch (_state)
            {
                case State.Disposed:
                    throw new ObjectDisposedException(nameof(WebPublisher));
                case State.Initialized when _pendingError is { } error:
                    _pendingError = null;
                    throw error;
                case State.Initialized:
                    _unpublishing = false;
                    _state = State.Publishing;
                    return;
                default:
                    throw new InvalidOperationException(_state switch
                    {
                        State.Published => "The publisher is already published.",
                        State.Publishing => "The publisher is already being published.",
                        _ => "The publisher is not initialized.",
                    });
            }
        }
    }

    /// <summary>The SDK published the stream; a denial or stop that came while it did fails the publish instead.</summary>
    internal void Published(string? streamId)
    {
        lock (_gate)
        {
            if (_state != State.Publishing)
            {
                return;
            }

            if (_pendingError is { } error)
            {
                _pendingError = null;
                _state = State.Initialized;
                _streamId = null;
                throw error;
            }

            _state = State.Published;
            _streamId = streamId ?? _streamId;
        }
    }

    /// <summary>The publish failed or was stopped: the publisher may be published again.</summary>
    internal void PublishFailed()
    {
        lock (_gate)
        {
            if (_state == State.Publishing)
            {
                _state = State.Initialized;
                _streamId = null;
            }
        }
    }

    /// <summary>Marks an unpublish the app asked for; returns whether a stream was published.</summary>
    internal bool BeginUnpublish()
    {
        lock (_gate)
        {
            _unpublishing = true;
            return _state == State.Published;
        }
    }

    /// <summary>The stream ended: raises <see cref="StreamDestroyed"/> once per published stream.</summary>
    internal bool EndStream(StreamDestroyedReason reason)
    {
        lock (_gate)
        {
            if (_state != State.Published)
            {
                return false;
            }

            _state = State.Initialized;
            _streamId = null;
            if (_unpublishing)
            {
                reason = StreamDestroyedReason.ClientDisconnected;
            }
        }

        StreamDestroyed?.Invoke(this, new StreamDestroyedEventArgs(reason));
        return true;
    }

    private void SetPendingError(PublishException error)
    {
        lock (_gate)
        {
            if (_state is State.Initialized or State.Publishing)
            {
                _pendingError ??= error;
            }
        }
    }

    private async Task CheckDevicesAsync(CancellationToken cancellationToken)
    {
        var listed = await Binding.RunAsync(PublishPhase.Initialize, "devices", onCanceled: null, cancellationToken).ConfigureAwait(false);
        DeviceCounts? counts;
        try
        {
            counts = listed is null ? null : JsonSerializer.Deserialize<DeviceCounts>(listed, Json);
        }
        catch (JsonException exception)
        {
            // The module's answer is not what it sends: a script of another version, or one tampered with.
            throw new PublishException("The device check returned an answer that could not be read.", PublishErrorKind.Unknown, PublishPhase.Initialize, null, null, isTransient: false, null, exception);
        }

        if (counts is null)
        {
            return;
        }

        if (_settings.PublishVideo && counts.VideoInputs == 0)
        {
            throw PublishErrors.FromSdkError(null, SdkErrorNames.NoDevicesFound, "OT.getDevices listed no camera", PublishPhase.Initialize);
        }

        if (_settings.PublishAudio && counts.AudioInputs == 0)
        {
            throw PublishErrors.FromSdkError(null, SdkErrorNames.NoDevicesFound, "OT.getDevices listed no microphone", PublishPhase.Initialize);
        }
    }
}
