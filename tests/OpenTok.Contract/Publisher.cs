#if OPENTOK_CONTRACT_NULLABLE
#nullable enable
#endif

using System;
using OpenTok.Contract;

namespace OpenTok;

// class_open_tok_1_1_publisher.txt (and its nested Builder, ErrorEventArgs and StreamEventArgs pages). Declared: what
// the adapter uses.

/// <summary>Captures an audio-video stream from the sources you specify.</summary>
public class Publisher : IDisposable
{
    private Publisher(Builder builder)
    {
        Context = builder.Context;
        Name = builder.Name;
        HasAudioTrack = builder.HasAudioTrack;
        HasVideoTrack = builder.HasVideoTrack;
        Capturer = builder.Capturer;
        Script = new PublisherScript(this);
    }

    /// <summary>Sent when the publisher fails.</summary>
    public event EventHandler<ErrorEventArgs>? Error;

    /// <summary>Sent when the publisher's stream is created.</summary>
    public event EventHandler<StreamEventArgs>? StreamCreated;

    /// <summary>Sent when the publisher's stream is destroyed. Carries no reason.</summary>
    public event EventHandler<StreamEventArgs>? StreamDestroyed;

    /// <summary>Gets the stream object corresponding to the Publisher's stream.</summary>
#nullable enable
    // The one annotated member of the 2.23 assembly: Stream? in both builds.
    public Stream? Stream => Script.Stream;
#if !OPENTOK_CONTRACT_NULLABLE
#nullable disable
#endif

    /// <summary>Gets or sets a value indicating whether the publisher is publishing audio.</summary>
    public bool PublishAudio { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the publisher is publishing video.</summary>
    public bool PublishVideo { get; set; } = true;

    internal Context Context { get; }

    internal string? Name { get; }

    internal bool HasAudioTrack { get; }

    internal bool HasVideoTrack { get; }

    internal IVideoCapturer? Capturer { get; }

    internal PublisherScript Script { get; }

    internal bool HasHandlers => Error is not null || StreamCreated is not null || StreamDestroyed is not null;

    /// <summary>Disposes of the Publisher object's resources.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the publisher and its devices.</summary>
    /// <param name="disposing">Whether called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing) => Script.OnDisposeCalled();

    internal void RaiseError(ErrorCode code, string? description) => Context.Raise(this, Error, new ErrorEventArgs(code, description));

    internal void RaiseStreamCreated(Stream? stream) => Context.Raise(this, StreamCreated, new StreamEventArgs(stream));

    internal void RaiseStreamDestroyed(Stream? stream) => Context.Raise(this, StreamDestroyed, new StreamEventArgs(stream));

    /// <summary>Used to create a Publisher instance.</summary>
    public class Builder
    {
        /// <summary>Initializes a new instance.</summary>
        /// <param name="context">The Context to use for the Publisher object.</param>
        public Builder(Context context)
        {
            Context = context;
        }

        /// <summary>Gets or sets the video capturer; without one the first video device is used.</summary>
        public IVideoCapturer? Capturer { get; set; }

        /// <summary>Gets or sets the name of the publisher video.</summary>
        public string? Name { get; set; }

        /// <summary>Gets or sets a value indicating whether to include an audio track in the published stream.</summary>
        public bool HasAudioTrack { get; set; } = true;

        /// <summary>Gets or sets a value indicating whether to include a video track in the published stream.</summary>
        public bool HasVideoTrack { get; set; } = true;

        /// <summary>Gets or sets the Context to use for this Publisher object.</summary>
        public Context Context { get; set; }

        /// <summary>Creates a Publisher instance based on the Builder's settings.</summary>
        /// <returns>The publisher.</returns>
        public Publisher Build()
        {
            Context.Probe.OnBuildingPublisher();
            var publisher = new Publisher(this);
            lock (Context.BuiltPublishers)
            {
                Context.BuiltPublishers.Add(publisher);
            }

            Context.Probe.OnPublisherBuilt(publisher);
            return publisher;
        }
    }

    /// <summary>Defines arguments for the Error event.</summary>
    public class ErrorEventArgs : EventArgs
    {
        internal ErrorEventArgs(ErrorCode errorCode, string? errorDescription)
        {
            ErrorCode = errorCode;
            ErrorDescription = errorDescription;
        }

        /// <summary>Gets the error's description.</summary>
        public string? ErrorDescription { get; }

        /// <summary>Gets the error code.</summary>
        public ErrorCode ErrorCode { get; }
    }

    /// <summary>Defines arguments for the StreamCreated and StreamDestroyed events.</summary>
    public class StreamEventArgs : EventArgs
    {
        internal StreamEventArgs(Stream? stream)
        {
            Stream = stream;
        }

        /// <summary>Gets the stream that is created or destroyed.</summary>
        public Stream? Stream { get; }
    }
}
