using System;
using System.Collections.Concurrent;
using System.Threading;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>One dedicated thread that runs posted work in order, as the Windows SDK's dispatcher does.</summary>
internal sealed class DispatcherThread : IDisposable
{
    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread _thread;

    public DispatcherThread()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "SDK dispatcher" };
        _thread.Start();
    }

    public int ManagedThreadId => _thread.ManagedThreadId;

    public void Post(Action action) => _work.Add(action);

    public void Dispose()
    {
        _work.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(10));
        _work.Dispose();
    }

    private void Run()
    {
        foreach (var action in _work.GetConsumingEnumerable())
        {
            action();
        }
    }
}
