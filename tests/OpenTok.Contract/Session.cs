using System;
using OpenTok.Contract;

namespace OpenTok;

/// <summary>The SDK's session. Its methods are synchronous; completion is reported by events.</summary>
public class Session : IDisposable
{
    private Session(Context context, string apiKey, string sessionId)
    {
        Context = context;
        ApiKey = apiKey;
        SessionId = sessionId;
        Script = new SessionScript(this);
    }

    /// <summary>Occurs when the session is connected.</summary>
    public event EventHandler Connected;

    /// <summary>Occurs when the session is disconnected. Carries no reason.</summary>
    public event EventHandler Disconnected;

    /// <summary>Occurs when the connection dropped and the SDK started reconnecting.</summary>
    public event EventHandler ReconnectionStart;

    /// <summary>Occurs when the SDK reconnected.</summary>
    public event EventHandler ReconnectionSuccess;

    /// <summary>Occurs on a session error.</summary>
    public event EventHandler<ErrorEventArgs> Error;

    internal Context Context { get; }

    internal string ApiKey { get; }

    internal string SessionId { get; }

    internal SessionScript Script { get; }

    /// <summary>Connects; <see cref="Connected"/> or <see cref="Error"/> follows.</summary>
    /// <param name="token">The client token.</param>
    public void Connect(string token) => Script.OnConnectCalled(token);

    /// <summary>Disconnects; <see cref="Disconnected"/> follows.</summary>
    public void Disconnect() => Script.OnDisconnectCalled();

    /// <summary>Publishes; the publisher's <c>StreamCreated</c> or <c>Error</c> follows.</summary>
    /// <param name="publisher">The publisher.</param>
    public void Publish(Publisher publisher) => Script.OnPublishCalled(publisher);

    /// <summary>Unpublishes; the publisher's <c>StreamDestroyed</c> follows.</summary>
    /// <param name="publisher">The publisher.</param>
    public void Unpublish(Publisher publisher) => Script.OnUnpublishCalled(publisher);

    /// <summary>Releases the session.</summary>
    public void Dispose()
    {
        Script.OnDisposeCalled();
        GC.SuppressFinalize(this);
    }

    internal void RaiseConnected() => Context.Raise(this, Connected);

    internal void RaiseDisconnected() => Context.Raise(this, Disconnected);

    internal void RaiseReconnectionStart() => Context.Raise(this, ReconnectionStart);

    internal void RaiseReconnectionSuccess() => Context.Raise(this, ReconnectionSuccess);

    internal void RaiseError(ErrorCode code, string description) => Context.Raise(this, Error, new ErrorEventArgs(code, description));

    internal bool HasHandlers => Connected is not null || Disconnected is not null || ReconnectionStart is not null || ReconnectionSuccess is not null || Error is not null;

    /// <summary>Builds a session.</summary>
    public class Builder
    {
        private readonly Context _context;
        private readonly string _apiKey;
        private readonly string _sessionId;

        /// <summary>Initializes a new instance.</summary>
        /// <param name="context">The SDK context.</param>
        /// <param name="apiKey">The API key (application id).</param>
        /// <param name="sessionId">The session id.</param>
        public Builder(Context context, string apiKey, string sessionId)
        {
            _context = context;
            _apiKey = apiKey;
            _sessionId = sessionId;
        }

        /// <summary>Builds the session.</summary>
        /// <returns>The session.</returns>
        public Session Build()
        {
            var session = new Session(_context, _apiKey, _sessionId);
            lock (_context.BuiltSessions)
            {
                _context.BuiltSessions.Add(session);
            }

            return session;
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
}
