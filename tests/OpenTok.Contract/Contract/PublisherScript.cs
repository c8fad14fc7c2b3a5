using System.Threading;

namespace OpenTok.Contract;

/// <summary>Test access to a <see cref="Publisher"/>: its events to raise (through the context's dispatcher) and its disposal count.</summary>
public sealed class PublisherScript
{
    private readonly Publisher _publisher;
    private int _disposeCount;
    private Stream _stream;

    internal PublisherScript(Publisher publisher) => _publisher = publisher;

    /// <summary>Gets the name the publisher was built with.</summary>
    public string Name => _publisher.Name;

    /// <summary>Gets how often <c>Dispose</c> was called.</summary>
    public int DisposeCount => Volatile.Read(ref _disposeCount);

    /// <summary>Gets a value indicating whether anything still handles the publisher's events.</summary>
    public bool HasHandlers => _publisher.HasHandlers;

    /// <summary>Gets the builder's <c>HasAudioTrack</c>.</summary>
    public bool HasAudioTrack => _publisher.HasAudioTrack;

    /// <summary>Gets the builder's <c>HasVideoTrack</c>.</summary>
    public bool HasVideoTrack => _publisher.HasVideoTrack;

    /// <summary>Gets the name of the camera whose capturer the builder was given, or <see langword="null"/> (the SDK's default camera).</summary>
    public string CapturerDevice => (_publisher.Capturer as VideoCapturer)?.Device.Name;

    /// <summary>Gets how often the last created stream was disposed.</summary>
    public int StreamDisposeCount => Volatile.Read(ref _stream)?.DisposeCount ?? 0;

    internal Stream Stream => Volatile.Read(ref _stream);

    /// <summary>Raises <c>StreamCreated</c> with a stream of this id.</summary>
    /// <param name="streamId">The stream id.</param>
    public void RaiseStreamCreated(string streamId)
    {
        var stream = new Stream(streamId);
        Volatile.Write(ref _stream, stream);
        _publisher.RaiseStreamCreated(stream);
    }

    /// <summary>Raises <c>StreamDestroyed</c> with the last created stream.</summary>
    public void RaiseStreamDestroyed() => _publisher.RaiseStreamDestroyed(Volatile.Read(ref _stream) ?? new Stream(null));

    /// <summary>Raises <c>Error</c>.</summary>
    /// <param name="code">The numeric error code.</param>
    /// <param name="description">The description.</param>
    public void RaiseError(int code, string description = null) => _publisher.RaiseError((ErrorCode)code, description);

    internal void OnDisposeCalled()
    {
        Interlocked.Increment(ref _disposeCount);
        _publisher.Context.Probe.Log.Add("Publisher.Dispose");
    }
}
