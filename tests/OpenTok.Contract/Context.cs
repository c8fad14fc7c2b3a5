#if OPENTOK_CONTRACT_NULLABLE
#nullable enable
#endif

using System;
using System.Collections.Generic;
using OpenTok.Contract;

namespace OpenTok;

// class_open_tok_1_1_context.txt: Context(IDispatcher), IDisposable. (Context.Instance, legacy, is not declared.)

/// <summary>Manages resources for Session, Publisher and Subscriber objects, and the dispatcher of their events.</summary>
public class Context : IDisposable
{
    /// <summary>Initializes a new instance that receives a specific <see cref="IDispatcher"/> for events.</summary>
    /// <param name="dispatcher">Schedules SDK events. (Contract only: <see langword="null"/> raises them on the calling thread.)</param>
    public Context(IDispatcher dispatcher)
    {
        Dispatcher = dispatcher;
    }

    internal IDispatcher? Dispatcher { get; }

    internal ContextProbe Probe { get; } = new();

    internal List<Publisher> BuiltPublishers { get; } = [];

    internal List<Session> BuiltSessions { get; } = [];

    internal int DisposeCount { get; private set; }

    /// <summary>Disposes of all OpenTok resources used in the context.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the context.</summary>
    /// <param name="disposing">Whether called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing) => DisposeCount++;

    internal void Raise(object sender, EventHandler? handler)
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

    internal void Raise<T>(object sender, EventHandler<T>? handler, T args)
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
