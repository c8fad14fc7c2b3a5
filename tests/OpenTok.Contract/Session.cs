#if OPENTOK_CONTRACT_NULLABLE
#nullable enable
#endif

using System;
using OpenTok.Contract;

namespace OpenTok;

// class_open_tok_1_1_session.txt (and its nested Builder and ErrorEventArgs pages). Declared: what the adapter uses.

/// <summary>Represents an OpenTok session. Its methods are synchronous; completion is reported by events.</summary>
public class Session : IDisposable
{
    private Session(Context context, string apiKey, string sessionId)
    {
        Context = context;
        ApiKey = apiKey;
        SessionId = sessionId;
        Script = new SessionScript(this);
    }

    /// <summary>Sent when the client connects to the OpenTok session.</summary>
    public event EventHandler? Connected;

    /// <summary>Sent when the client disconnects from the OpenTok session. Carries no reason.</summary>
    public event EventHandler? Disconnected;

    /// <summary>Sent when the local client has lost its connection and is trying to reconnect.</summary>
    public event EventHandler? ReconnectionStart;

    /// <summary>Sent when the local client has reconnected.</summary>
    public event EventHandler? ReconnectionSuccess;

    /// <summary>Sent when something goes wrong when connecting or connected to the session.</summary>
    public event EventHandler<ErrorEventArgs>? Error;

    /// <summary>Gets what the token used to connect allows (known once connected).</summary>
    public Capabilities? Capabilities => Script.Capabilities;

    internal Context Context { get; }

    internal string ApiKey { get; }

    internal string SessionId { get; }

    internal SessionScript Script { get; }

    internal bool HasHandlers => Connected is not null || Disconnected is not null || ReconnectionStart is not null || ReconnectionSuccess is not null || Error is not null;

    /// <summary>Connects; <see cref="Connected"/> or <see cref="Error"/> follows.</summary>
    /// <param name="token">The token for the user.</param>
    public void Connect(string token) => Script.OnConnectCalled(token);

    /// <summary>Disconnects; <see cref="Disconnected"/> follows.</summary>
    public void Disconnect() => Script.OnDisconnectCalled();

    /// <summary>Starts a Publisher streaming to the session; the publisher's <c>StreamCreated</c> or <c>Error</c> follows.</summary>
    /// <param name="publisher">The Publisher.</param>
    public void Publish(Publisher publisher) => Script.OnPublishCalled(publisher);

    /// <summary>Disconnects the Publisher from the session; the publisher's <c>StreamDestroyed</c> follows.</summary>
    /// <param name="publisher">The Publisher to unpublish.</param>
    public void Unpublish(Publisher publisher) => Script.OnUnpublishCalled(publisher);

    /// <summary>Disposes of the Session object's resources.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the session.</summary>
    /// <param name="disposing">Whether called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing) => Script.OnDisposeCalled();

    internal void RaiseConnected() => Context.Raise(this, Connected);

    internal void RaiseDisconnected() => Context.Raise(this, Disconnected);

    internal void RaiseReconnectionStart() => Context.Raise(this, ReconnectionStart);

    internal void RaiseReconnectionSuccess() => Context.Raise(this, ReconnectionSuccess);

    internal void RaiseError(ErrorCode code, string? description) => Context.Raise(this, Error, new ErrorEventArgs(code, description));

    /// <summary>Used to create a Session instance.</summary>
    public class Builder
    {
        /// <summary>Initializes a new instance.</summary>
        /// <param name="context">The Context object used to manage resources for the Session.</param>
        /// <param name="apiKey">The API key.</param>
        /// <param name="sessionId">The session id.</param>
        public Builder(Context context, string apiKey, string sessionId)
        {
            Context = context;
            ApiKey = apiKey;
            SessionId = sessionId;
        }

        /// <summary>Gets or sets the Context.</summary>
        public Context Context { get; set; }

        /// <summary>Gets or sets the API key.</summary>
        public string ApiKey { get; set; }

        /// <summary>Gets or sets the session id.</summary>
        public string SessionId { get; set; }

        /// <summary>Creates a Session object.</summary>
        /// <returns>The session.</returns>
        public Session Build()
        {
            var session = new Session(Context, ApiKey, SessionId);
            lock (Context.BuiltSessions)
            {
                Context.BuiltSessions.Add(session);
            }

            return session;
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

        /// <summary>Gets the error code.</summary>
        public ErrorCode ErrorCode { get; }

        /// <summary>Gets the error description.</summary>
        public string? ErrorDescription { get; }
    }
}
