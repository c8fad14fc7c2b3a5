using System;

namespace OpenTok;

/// <summary>
/// The SDK's dispatcher: every SDK event is raised through the <see cref="Context"/>'s dispatcher
/// (the UI thread for the SDK's WPF and WinForms dispatchers).
/// </summary>
public interface IDispatcher
{
    /// <summary>Raises an event without data.</summary>
    void DispatchEvent(object sender, EventHandler handler);

    /// <summary>Raises an event with data.</summary>
    void DispatchEvent<T>(object sender, EventHandler<T> handler, T args)
        where T : EventArgs;
}
