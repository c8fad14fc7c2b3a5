using System;
using OpenTok.Contract;

namespace OpenTok;

/// <summary>The SDK's publisher: the local camera and microphone.</summary>
public class Publisher : IDisposable
{
    private Publisher(Context context, string name)
    {
        Context = context;
        Name = name;
        Script = new PublisherScript(this);
    }

    /// <summary>Occurs on a publisher error.</summary>
    public event EventHandler<ErrorEventArgs> Error;

    /// <summary>Occurs when the publisher's stream was created in the session.</summary>
    public event EventHandler<StreamEventArgs> StreamCreated;

    /// <summary>Occurs when the publisher's stream was destroyed. Carries no reason.</summary>
    public event EventHandler<StreamEventArgs> StreamDestroyed;

    /// <summary>Gets or sets a value indicating whether audio is published.</summary>
    public bool PublishAudio { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether video is published.</summary>
    public bool PublishVideo { get; set; } = true;

    internal Context Context { get; }

    internal string Name { get; }

    internal PublisherScript Script { get; }

    internal bool HasHandlers => Error is not null || StreamCreated is not null || StreamDestroyed is not null;

    /// <summary>Releases the publisher and its devices.</summary>
    public void Dispose()
    {
        Script.OnDisposeCalled();
        GC.SuppressFinalize(this);
    }

    internal void RaiseError(ErrorCode code, string description) => Context.Raise(this, Error, new ErrorEventArgs(code, description));

    internal void RaiseStreamCreated(Stream stream) => Context.Raise(this, StreamCreated, new StreamEventArgs(stream));

    internal void RaiseStreamDestroyed(Stream stream) => Context.Raise(this, StreamDestroyed, new StreamEventArgs(stream));

    /// <summary>Builds a publisher.</summary>
    public class Builder
    {
        private readonly Context _context;

        /// <summary>Initializes a new instance.</summary>
        /// <param name="context">The SDK context.</param>
        public Builder(Context context)
        {
            _context = context;
        }

        /// <summary>Gets or sets the stream's name.</summary>
        public string Name { get; set; }

        /// <summary>Builds the publisher; without a capturer the first camera is used.</summary>
        /// <returns>The publisher.</returns>
        public Publisher Build()
        {
            _context.Probe.OnBuildingPublisher();
            var publisher = new Publisher(_context, Name);
            lock (_context.BuiltPublishers)
            {
                _context.BuiltPublishers.Add(publisher);
            }

            _context.Probe.OnPublisherBuilt(publisher);
            return publisher;
        }
    }

    /// <summary>Data of <see cref="Error"/>.</summary>
    public class ErrorEventArgs : EventArgs
    {
        internal ErrorEventArgs(ErrorCode errorCode, string errorDescription)
        {
            ErrorCode = errorCode;
            ErrorDescription = errorDescription;
        }

        /// <summary>Gets the error code.</summary>
        public ErrorCode ErrorCode { get; }

        /// <summary>Gets the error's description.</summary>
        public string ErrorDescription { get; }
    }

    /// <summary>Data of <see cref="StreamCreated"/> and <see cref="StreamDestroyed"/>.</summary>
    public class StreamEventArgs : EventArgs
    {
        internal StreamEventArgs(Stream stream)
        {
            Stream = stream;
        }

        /// <summary>Gets the stream.</summary>
        public Stream Stream { get; }
    }
}
