#if OPENTOK_CONTRACT_NULLABLE
#nullable enable
#endif

using System;

namespace OpenTok;

// class_open_tok_1_1_direct_dispatcher.txt: the implicit constructor and IDispatcher's two methods.

/// <summary>An <see cref="IDispatcher"/> that does not schedule events: they arrive on the SDK's own thread, in order.</summary>
public class DirectDispatcher : IDispatcher
{
    /// <inheritdoc/>
    public void DispatchEvent(object sender, EventHandler handler) => handler?.Invoke(sender, EventArgs.Empty);

    /// <inheritdoc/>
    public void DispatchEvent<T>(object sender, EventHandler<T> handler, T args)
        where T : EventArgs => handler?.Invoke(sender, args);
}
