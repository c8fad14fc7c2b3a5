using System;
using System.Threading;
using System.Threading.Tasks;

namespace Vonage.PublishKit.Testing.Internal;

/// <summary>
/// A delay on a <see cref="TimeProvider"/> that resumes its awaiters inline when the timer fires, so that
/// advancing a <c>FakeTimeProvider</c> runs everything that is due (including the next phase it starts)
/// before <c>Advance</c> returns.
/// </summary>
/// <remarks>
/// The runtime refuses to inline a continuation on a thread whose <see cref="SynchronizationContext"/> is not
/// the default one (test frameworks install their own), and <c>Task.Delay</c> with a time provider queues
/// its awaiters anyway. Both make step-by-step virtual time racy, hence this.
/// </remarks>
internal static class VirtualDelay
{
    public static async Task DelayAsync(TimeProvider timeProvider, TimeSpan delay, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var completion = new TaskCompletionSource<bool>();
        using var timer = delay == Timeout.InfiniteTimeSpan
            ? null
            : timeProvider.CreateTimer(static state => Complete((TaskCompletionSource<bool>)state!), completion, delay, Timeout.InfiniteTimeSpan);
        using var registration = cancellationToken.Register(
            static state =>
            {
                var (source, token) = ((TaskCompletionSource<bool>, CancellationToken))state!;
                source.TrySetCanceled(token);
            },
            (completion, cancellationToken));
        await completion.Task.ConfigureAwait(false);
    }

    private static void Complete(TaskCompletionSource<bool> completion)
    {
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            completion.TrySetResult(true);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }
}
