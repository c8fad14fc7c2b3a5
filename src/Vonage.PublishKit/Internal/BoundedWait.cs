using System;
using System.Threading;
using System.Threading.Tasks;

namespace Vonage.PublishKit.Internal;

/// <summary>
/// Waits for a collaborator's task at most a timeout, or until a token cancels, on the app's clock. Unlike
/// <c>Task.WaitAsync(TimeSpan, TimeProvider, CancellationToken)</c>, which attaches to the task before it asks the
/// clock for a timer, a clock that throws here leaves nothing attached that could later fault unobserved.
/// </summary>
internal static class BoundedWait
{
    /// <exception cref="TimeoutException">The timeout elapsed first.</exception>
    public static Task ForAsync(Task task, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken) =>
        // A task that already completed needs no deadline: awaiting it is what waiting would end with.
        task.IsCompleted ? task : WaitAsync(task, timeout, timeProvider, cancellationToken);

    private static async Task WaitAsync(Task task, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(timeout, timeProvider);
        using var linked = deadline is null ? null : CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            // An infinite wait asks the clock for nothing.
            await task.WaitAsync(Timeout.InfiniteTimeSpan, timeProvider, linked?.Token ?? cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested && !task.IsCompleted)
        {
            throw new TimeoutException();
        }
    }

    /// <inheritdoc cref="ForAsync(Task, TimeSpan, TimeProvider, CancellationToken)"/>
    public static async Task<T> ForAsync<T>(Task<T> task, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (task.IsCompleted)
        {
            // Stryker disable once Boolean : awaiting a completed task never suspends, so there is no context to resume on.
            return await task.ConfigureAwait(false);
        }

        await ForAsync((Task)task, timeout, timeProvider, cancellationToken).ConfigureAwait(false);

        // Stryker disable once Boolean : the wait above ended only once the task completed, so this await never suspends.
        return await task.ConfigureAwait(false);
    }

    private static CancellationTokenSource? Deadline(TimeSpan timeout, TimeProvider timeProvider)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return null;
        }
#if NET8_0_OR_GREATER
        return new CancellationTokenSource(timeout, timeProvider);
#else
        return timeProvider.CreateCancellationTokenSource(timeout);
#endif
    }
}
