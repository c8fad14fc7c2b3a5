using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Vonage.PublishKit.Internal;

/// <summary>
/// One camera at a time: a try enters before it creates its publisher, and that publisher's release (disposed,
/// or abandoned after <see cref="PublishOrchestratorOptions.ReleaseTimeout"/>) exits. Whoever starts the next
/// publish (the caller, a handler, a republish), its publisher waits until the last one is gone, because a
/// real device still held by the old publisher fails the new one as "in use".
/// </summary>
/// <remarks>
/// A semaphore of one, first come first served, whose uncontended enter and exit are one interlocked
/// operation each (a <see cref="SemaphoreSlim"/> takes its lock for both, on every publish). The lock is
/// taken only when someone waits.
/// </remarks>
internal sealed class PublisherGate
{
    private readonly object _lock = new();
    private readonly LinkedList<Waiter> _waiters = new();

    // 1 while a publisher is alive: entered by a try, or handed by an exit to the first waiter.
    private int _held;

    // The waiters' count, read without the lock by the fast paths; changed only under it.
    private int _waiting;

    /// <summary>Waits until no publisher is alive, then counts the caller's as alive.</summary>
    public Task EnterAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        if (TryEnter())
        {
            return Task.CompletedTask;
        }

        var waiter = new Waiter(this, cancellationToken);
        lock (_lock)
        {
            // Counted before the second look, so an exit that frees the camera meanwhile sees a waiter to hand it to.
            Interlocked.Increment(ref _waiting);
            if (Interlocked.CompareExchange(ref _held, 1, 0) == 0)
            {
                Interlocked.Decrement(ref _waiting);
                return Task.CompletedTask;
            }

            waiter.Node = _waiters.AddLast(waiter);
        }

        return cancellationToken.CanBeCanceled ? WaitAsync(waiter, cancellationToken) : waiter.Task;

        static async Task WaitAsync(Waiter waiter, CancellationToken cancellationToken)
        {
            using (cancellationToken.UnsafeRegister(static waiter => ((Waiter)waiter!).Cancel(), waiter))
            {
                await waiter.Task.ConfigureAwait(false);
            }
        }
    }

    /// <summary>Counts the caller's publisher as alive if none is and nobody waits; <see langword="false"/> (the caller then waits) otherwise.</summary>
    public bool TryEnter() => Volatile.Read(ref _waiting) == 0 && Interlocked.CompareExchange(ref _held, 1, 0) == 0;

    /// <summary>Marks the publisher of the last <see cref="EnterAsync"/> or <see cref="TryEnter"/> released.</summary>
    public void Exit()
    {
        Interlocked.Exchange(ref _held, 0);
        if (Volatile.Read(ref _waiting) == 0)
        {
            return;
        }

        lock (_lock)
        {
            // The camera goes to the first waiter, unless a try took it since (that try's exit hands it on).
            if (_waiters.First is { } first && Interlocked.CompareExchange(ref _held, 1, 0) == 0)
            {
                _waiters.RemoveFirst();
                Interlocked.Decrement(ref _waiting);
                first.Value.TrySetResult(true);
            }
        }
    }

    /// <summary>One caller waiting for the camera; its continuations never run inside an exit.</summary>
    private sealed class Waiter(PublisherGate gate, CancellationToken cancellationToken) : TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public LinkedListNode<Waiter>? Node { get; set; }

        /// <summary>Leaves the queue, unless an exit handed this waiter the camera already (the entry then stands).</summary>
        public void Cancel()
        {
            lock (gate._lock)
            {
                if (Node!.List is null)
                {
                    return;
                }

                gate._waiters.Remove(Node);
                Interlocked.Decrement(ref gate._waiting);
            }

            TrySetCanceled(cancellationToken);
        }
    }
}
