using System;
using System.Threading;
using System.Threading.Tasks;
using Vonage.PublishKit.Internal;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Internal;

/// <summary>
/// <see cref="PublisherGate"/> on its own: one holder at a time, waiters served first come first served, a
/// canceled waiter out of the queue, and a camera handed over never counted twice.
/// </summary>
public class PublisherGateTests
{
    private readonly PublisherGate _gate = new();

    [Fact]
    public void TryEnter_FreeThenHeld_EntersOnceUntilExit()
    {
        Assert.True(_gate.TryEnter());
        Assert.False(_gate.TryEnter());

        _gate.Exit();

        Assert.True(_gate.TryEnter());
    }

    [Fact]
    public async Task EnterAsync_Held_WaitsForExitAndServesWaitersInOrder()
    {
        Assert.True(_gate.TryEnter());
        var first = _gate.EnterAsync(CancellationToken.None);
        var second = _gate.EnterAsync(CancellationToken.None);

        Assert.False(first.IsCompleted);
        Assert.False(_gate.TryEnter());

        _gate.Exit();
        await first.OrTimeout();
        Assert.False(second.IsCompleted);
        Assert.False(_gate.TryEnter());

        _gate.Exit();
        await second.OrTimeout();
        Assert.False(_gate.TryEnter());

        _gate.Exit();
        Assert.True(_gate.TryEnter());
    }

    [Fact]
    public async Task EnterAsync_WaiterCanceled_LeavesTheQueueAndTheNextWaiterGetsTheCamera()
    {
        using var cancellation = new CancellationTokenSource();
        Assert.True(_gate.TryEnter());
        var canceled = _gate.EnterAsync(cancellation.Token);
        var next = _gate.EnterAsync(CancellationToken.None);

        cancellation.Cancel();
        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => canceled.OrTimeout());
        Assert.Equal(cancellation.Token, exception.CancellationToken);
        Assert.False(next.IsCompleted);

        _gate.Exit();
        await next.OrTimeout();
        Assert.False(_gate.TryEnter());
    }

    [Fact]
    public async Task EnterAsync_CanceledAfterTheCameraWasHandedOver_KeepsTheEntry()
    {
        using var cancellation = new CancellationTokenSource();
        Assert.True(_gate.TryEnter());
        var waiter = _gate.EnterAsync(cancellation.Token);

        _gate.Exit();
        cancellation.Cancel();

        await waiter.OrTimeout();
        Assert.False(_gate.TryEnter());
        _gate.Exit();
        Assert.True(_gate.TryEnter());
    }

    [Fact]
    public async Task EnterAsync_TokenAlreadyCanceled_IsCanceledAndTakesNothing()
    {
        var waiter = _gate.EnterAsync(new CancellationToken(canceled: true));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter.OrTimeout());
        Assert.True(_gate.TryEnter());
    }

    [Fact]
    public async Task EnterAsync_Free_EntersAtOnce()
    {
        var entered = _gate.EnterAsync(CancellationToken.None);

        Assert.True(entered.IsCompletedSuccessfully);
        Assert.False(_gate.TryEnter());
        await entered;
    }

    [Fact]
    public async Task EnterAndExit_FromTwoThreads_NeverHaveTwoHolders()
    {
        const int Rounds = 20_000;
        var holders = 0;
        var most = 0;

        async Task RunAsync(bool waitAsync)
        {
            await Task.Yield();
            for (var i = 0; i < Rounds; i++)
            {
                if (waitAsync)
                {
                    await _gate.EnterAsync(CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    while (!_gate.TryEnter())
                    {
                        Thread.Yield();
                    }
                }

                var now = Interlocked.Increment(ref holders);
                InterlockedMax(ref most, now);
                Interlocked.Decrement(ref holders);
                _gate.Exit();
            }
        }

        await Task.WhenAll(RunAsync(waitAsync: true), RunAsync(waitAsync: false), RunAsync(waitAsync: true)).OrTimeout();

        Assert.Equal(1, most);
        Assert.True(_gate.TryEnter());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
