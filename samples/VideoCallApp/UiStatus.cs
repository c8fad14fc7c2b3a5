using System.Threading;
using Vonage.PublishKit;

namespace VideoCallApp;

/// <summary>
/// What a WPF window or WinForms form shows of the orchestrator, updated on its UI thread: the orchestrator raises
/// its events on whatever thread the SDK or the thread pool completes on, never on the UI thread.
/// </summary>
public sealed class UiStatus
{
    public UiStatus(PublishOrchestrator orchestrator)
    {
        // snippet: events-ui-thread
        // Created on the UI thread: WPF and WinForms both install a SynchronizationContext there.
        var ui = SynchronizationContext.Current ?? new SynchronizationContext();
        orchestrator.StateChanged += (_, e) => ui.Post(_ => State = e.State, null);
        orchestrator.NetworkDisconnected += (_, e) => ui.Post(_ => Message = e.UserMessage, null);
        // end-snippet
    }

    public PublishState State { get; private set; }

    public string Message { get; private set; } = string.Empty;
}
