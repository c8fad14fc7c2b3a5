using System;
using System.Collections.Generic;
using OpenTok.Contract;

namespace OpenTok;

/// <summary>The SDK's context: owns the dispatcher through which SDK events are raised.</summary>
public class Context : IDisposable
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="dispatcher">Raises SDK events; <see langword="null"/> raises them on the SDK's thread.</param>
    public Context(IDispatcher dispatcher = null)
    {
        Dispatcher = dispatcher;
    }

    internal IDispatcher Dispatcher { get; }

    internal ContextProbe Probe { get; } = new();

    internal List<Publisher> BuiltPublishers { get; } = [];

    internal List<Session> BuiltSessions { get; } = [];

    internal int DisposeCount { get; private set; }

    /// <summary>Releases the context.</summary>
    public void Dispose()
    {
        DisposeCount++;
        GC.SuppressFinalize(this);
    }

    internal void Raise(object sender, EventHandler handler)
    {
        if (handler is null)
        {
            return;
        }

        if (Dispatcher is null)
        {
            handler(sender, EventArgs.Empty);
        }
        else
        {
            Dispatcher.DispatchEvent(sender, handler);
        }
    }

    internal void Raise<T>(object sender, EventHandler<T> handler, T args)
        where T : EventArgs
    {
        if (handler is null)
        {
            return;
        }

        if (Dispatcher is null)
        {
            handler(sender, args);
        }
        else
        {
            Dispatcher.DispatchEvent(sender, handler, args);
        }
    }
}
