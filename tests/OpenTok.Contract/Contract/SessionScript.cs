using System;
using System.Threading;

namespace OpenTok.Contract;

/// <summary>
/// Test access to a <see cref="Session"/>: what its methods do when called (by default nothing, like an SDK that
/// has not answered yet), how often they were called, and the SDK's events to raise (through the context's dispatcher).
/// </summary>
public sealed class SessionScript
{
    private readonly Session _session;
    private int _connectCount;
    private int _disconnectCount;
    private int _publishCount;
    private int _unpublishCount;
    private int _disposeCount;

    internal SessionScript(Session session) => _session = session;

    /// <summary>Gets or sets what <c>Connect(token)</c> does; it may throw an <see cref="OpenTokException"/>.</summary>
    public Action<string> OnConnect { get; set; }

    /// <summary>Gets or sets what <c>Disconnect()</c> does.</summary>
    public Action OnDisconnect { get; set; }

    /// <summary>Gets or sets what <c>Publish(publisher)</c> does.</summary>
    public Action<Publisher> OnPublish { get; set; }

    /// <summary>Gets or sets what <c>Unpublish(publisher)</c> does.</summary>
    public Action<Publisher> OnUnpublish { get; set; }

    /// <summary>Gets or sets what <c>Session.Capabilities</c> returns; by default a publisher's (it may be set to <see langword="null"/>).</summary>
    public Capabilities Capabilities { get; set; } = new() { CanPublish = true, CanSubscribe = true };

    /// <summary>Gets the API key the session was built with.</summary>
    public string ApiKey => _session.ApiKey;

    /// <summary>Gets the session id the session was built with.</summary>
    public string SessionId => _session.SessionId;

    /// <summary>Gets how often <c>Connect</c> was called.</summary>
    public int ConnectCount => Volatile.Read(ref _connectCount);

    /// <summary>Gets how often <c>Disconnect</c> was called.</summary>
    public int DisconnectCount => Volatile.Read(ref _disconnectCount);

    /// <summary>Gets how often <c>Publish</c> was called.</summary>
    public int PublishCount => Volatile.Read(ref _publishCount);

    /// <summary>Gets how often <c>Unpublish</c> was called.</summary>
    public int UnpublishCount => Volatile.Read(ref _unpublishCount);

    /// <summary>Gets how often <c>Dispose</c> was called.</summary>
    public int DisposeCount => Volatile.Read(ref _disposeCount);

    /// <summary>Gets a value indicating whether anything still handles the session's events.</summary>
    public bool HasHandlers => _session.HasHandlers;

    /// <summary>Raises <c>Connected</c>.</summary>
    public void RaiseConnected() => _session.RaiseConnected();

    /// <summary>Raises <c>Disconnected</c>.</summary>
    public void RaiseDisconnected() => _session.RaiseDisconnected();

    /// <summary>Raises <c>ReconnectionStart</c>.</summary>
    public void RaiseReconnectionStart() => _session.RaiseReconnectionStart();

    /// <summary>Raises <c>ReconnectionSuccess</c>.</summary>
    public void RaiseReconnectionSuccess() => _session.RaiseReconnectionSuccess();

    /// <summary>Raises <c>Error</c>.</summary>
    /// <param name="code">The numeric error code.</param>
    /// <param name="description">The description.</param>
    public void RaiseError(int code, string description = null) => _session.RaiseError((ErrorCode)code, description);

    internal void OnConnectCalled(string token)
    {
        Interlocked.Increment(ref _connectCount);
        _session.Context.Probe.Log.Add("Session.Connect");
        OnConnect?.Invoke(token);
    }

    internal void OnDisconnectCalled()
    {
        Interlocked.Increment(ref _disconnectCount);
        _session.Context.Probe.Log.Add("Session.Disconnect");
        OnDisconnect?.Invoke();
    }

    internal void OnPublishCalled(Publisher publisher)
    {
        Interlocked.Increment(ref _publishCount);
        _session.Context.Probe.Log.Add("Session.Publish");
        OnPublish?.Invoke(publisher);
    }

    internal void OnUnpublishCalled(Publisher publisher)
    {
        Interlocked.Increment(ref _unpublishCount);
        _session.Context.Probe.Log.Add("Session.Unpublish");
        OnUnpublish?.Invoke(publisher);
    }

    internal void OnDisposeCalled()
    {
        Interlocked.Increment(ref _disposeCount);
        _session.Context.Probe.Log.Add("Session.Dispose");
    }
}
