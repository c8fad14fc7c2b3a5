using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using OpenTok;

namespace Vonage.PublishKit.OpenTok.Tests.TestSupport;

/// <summary>A UI-like dispatcher: one dedicated thread runs every SDK event, in order, like WPFDispatcher.</summary>
internal sealed class SingleThreadDispatcher : IDispatcher, IDisposable
{
    private readonly BlockingCollection<Action> _queue = [];
    private readonly Thread _thread;

    public SingleThreadDispatcher()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "fake UI dispatcher" };
        _thread.Start();
    }

    public int ManagedThreadId => _thread.ManagedThreadId;

    public bool IsOnThread => Environment.CurrentManagedThreadId == _thread.ManagedThreadId;

    public void DispatchEvent(object sender, EventHandler handler) => _queue.Add(() => handler(sender, EventArgs.Empty));

    public void DispatchEvent<T>(object sender, EventHandler<T> handler, T args)
        where T : EventArgs => _queue.Add(() => handler(sender, args));

    /// <summary>Runs a function on the dispatcher thread, as a UI event handler would.</summary>
    public Task<T> InvokeAsync<T>(Func<T> function)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add(() =>
        {
            try
            {
                result.SetResult(function());
            }
            catch (Exception exception)
            {
                result.SetException(exception);
            }
        });
        return result.Task;
    }

    /// <summary>Completes when everything queued so far has run.</summary>
    public Task DrainAsync() => InvokeAsync(() => true);

    public void Dispose() => _queue.CompleteAdding();

    private void Run()
    {
        foreach (var action in _queue.GetConsumingEnumerable())
        {
            action();
        }
    }
}
