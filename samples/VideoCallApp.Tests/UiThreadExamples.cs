using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Moq;
using Vonage.PublishKit;

namespace VideoCallApp.Tests;

/// <summary>Events marshalled to the UI thread, as docs/troubleshooting.md shows for WPF and WinForms.</summary>
public class UiThreadExamples
{
    [Fact]
    public async Task EventsFromAnSdkThread_ReachTheUiOnlyWhenItsThreadRunsThem()
    {
        var orchestrator = new Mock<PublishOrchestrator>();
        var ui = new QueueContext();
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(ui);
        UiStatus status;
        try
        {
            status = new UiStatus(orchestrator.Object);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        // The SDK raises its events on a thread of its own.
        await Task.Run(() =>
        {
            orchestrator.Raise(o => o.StateChanged += null, new PublishStateChangedEventArgs(PublishState.Published, PublishState.Idle));
            orchestrator.Raise(o => o.NetworkDisconnected += null, new NetworkDisconnectedEventArgs(Mock.Of<IPublisher>(), "stream-1"));
        });

        Assert.Equal(string.Empty, status.Message);
        ui.RunPosted();
        Assert.Equal(PublishState.Idle, status.State);
        Assert.Equal(NetworkDisconnectedEventArgs.DefaultUserMessage, status.Message);
    }

    /// <summary>A UI thread's context: what is posted runs when the (test's) UI thread gets to it.</summary>
    private sealed class QueueContext : SynchronizationContext
    {
        private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _posted = new();

        public override void Post(SendOrPostCallback d, object? state) => _posted.Enqueue((d, state));

        public void RunPosted()
        {
            while (_posted.TryDequeue(out var item))
            {
                item.Callback(item.State);
            }
        }
    }
}
