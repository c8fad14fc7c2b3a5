using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace Vonage.PublishKit.Web.Internal;

/// <summary>
/// The SDK operations in flight for one session or publisher, by id: the module reports each end with
/// <see cref="JsCallbacks.Complete"/>, and an id nobody waits for any more is ignored.
/// </summary>
internal sealed class PendingOperations
{
    private readonly ConcurrentDictionary<long, (TaskCompletionSource<string?> Source, PublishPhase Phase)> _pending = new();
    private long _lastId;

    public int Count => _pending.Count;

    public (long Id, Task<string?> Task) Begin(PublishPhase phase)
    {
        var id = Interlocked.Increment(ref _lastId);
        var source = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = (source, phase);

        // Observed here: its waiter may have left (canceled) just as an answer or a disposal failed it.
        _ = source.Task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return (id, source.Task);
    }

    public bool Complete(long id, JsError? error, string? value)
    {
        if (!_pending.TryRemove(id, out var entry))
        {
            return false;
        }

        return error is null ? entry.Source.TrySetResult(value) : entry.Source.TrySetException(WebErrors.Map(error, entry.Phase));
    }

    public void Abandon(long id) => _pending.TryRemove(id, out _);

    public void FailAll(Func<PublishPhase, Exception> error)
    {
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var entry))
            {
                entry.Source.TrySetException(error(entry.Phase));
            }
        }
    }
}
