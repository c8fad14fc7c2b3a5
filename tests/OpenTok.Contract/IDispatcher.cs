#if OPENTOK_CONTRACT_NULLABLE
#nullable enable
#endif

using System;

namespace OpenTok;

// interface_open_tok_1_1_i_dispatcher.txt.

/// <summary>
/// Schedules the SDK's events to a thread: every SDK event is raised through the <see cref="Context"/>'s dispatcher
/// (the UI thread for the SDK's WPF and WinForms dispatchers).
/// </summary>
public interface IDispatcher
{
    /// <summary>Schedules a parameterless event.</summary>
    /// <param name="sender">Originator of the event.</param>
    /// <param name="handler">Method to call after scheduling to the new thread.</param>
    void DispatchEvent(object sender, EventHandler handler);

    /// <summary>Schedules a typed parameter event.</summary>
    /// <typeparam name="T">The type of the parameter.</typeparam>
    /// <param name="sender">Originator of the event.</param>
    /// <param name="handler">Method to call after scheduling to the new thread.</param>
    /// <param name="args">Parameter to pass to the handler.</param>
    void DispatchEvent<T>(object sender, EventHandler<T> handler, T args)
        where T : EventArgs;
}
