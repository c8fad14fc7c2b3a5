using System;
using System.Threading;
using System.Threading.Tasks;

namespace Vonage.PublishKit.OpenTok.Internal;

/// <summary>Helpers for the tasks that stand for SDK operations completed by events.</summary>
internal static class Operation
{
    /// <summary>A completion source whose continuations never run on the thread that completes it (the SDK's).</summary>
    public static TaskCompletionSource<bool> Create() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Waits for <paramref name="operation"/> or <paramref name="cancellationToken"/>, whichever comes first; on cancellation
    /// runs <paramref name="onCanceled"/> (to tell the SDK to stop) and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public static async Task WaitAsync(Task operation, Action? onCanceled, CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled && !operation.IsCompleted)
        {
            var canceled = Create();
            using (cancellationToken.Register(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(true), canceled))
            {
                var first = await Task.WhenAny(operation, canceled.Task).ConfigureAwait(false);
                if (first != operation)
                {
                    Observe(operation);
                    onCanceled?.Invoke();
                    throw new OperationCanceledException(cancellationToken);
                }
            }
        }

        await operation.ConfigureAwait(false);
    }

    /// <summary>Marks a task's exception observed, for an operation nobody waits for any more.</summary>
    public static void Observe(Task task) =>
        task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
