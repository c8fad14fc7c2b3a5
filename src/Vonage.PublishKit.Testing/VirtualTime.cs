using System;
using System.Threading.Tasks;

namespace Vonage.PublishKit.Testing;

/// <summary>
/// Drives virtual time until a task completes: for tests whose schedule is not known in advance, such as the
/// default retries, whose backoff has jitter. Pass the clock's advance method, for example
/// <c>await VirtualTime.AdvanceUntilCompletedAsync(publish, time.Advance)</c> with a <c>FakeTimeProvider</c>.
/// </summary>
/// <remarks>
/// It advances in steps and yields between them, so work that resumes on the thread pool arms its timers
/// before the next step. It gives up, with a <see cref="TimeoutException"/>, after <c>limit</c> of virtual time:
/// a test of a call that never completes fails instead of hanging.
/// </remarks>
public static class VirtualTime
{
    /// <summary>The default step: 100 ms, finer than every latency of <see cref="PublishScenarios"/>.</summary>
    public static readonly TimeSpan DefaultStep = TimeSpan.FromMilliseconds(100);

    /// <summary>The default limit: 1 hour of virtual time, longer than the default retries and timeouts add up to.</summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromHours(1);

    /// <summary>Advances time in steps of <see cref="DefaultStep"/>, at most <see cref="DefaultLimit"/>, until <paramref name="task"/> completes.</summary>
    /// <param name="task">The task to wait for, such as an <c>UnpublishAsync</c> call.</param>
    /// <param name="advance">Moves the clock forward, such as <c>FakeTimeProvider.Advance</c>.</param>
    /// <returns>A task that completes as <paramref name="task"/> did, its exception included.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> or <paramref name="advance"/> is <see langword="null"/>.</exception>
    /// <exception cref="TimeoutException"><paramref name="task"/> was still pending after <see cref="DefaultLimit"/> of virtual time.</exception>
    public static Task AdvanceUntilCompletedAsync(Task task, Action<TimeSpan> advance) => AdvanceUntilCompletedAsync(task, advance, DefaultStep, DefaultLimit);

    /// <summary>Advances time until <paramref name="task"/> completes, then awaits it.</summary>
    /// <param name="task">The task to wait for, such as an <c>UnpublishAsync</c> call.</param>
    /// <param name="advance">Moves the clock forward, such as <c>FakeTimeProvider.Advance</c>.</param>
    /// <param name="step">How far each step moves the clock.</param>
    /// <param name="limit">How much virtual time to spend at most.</param>
    /// <returns>A task that completes as <paramref name="task"/> did, its exception included.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> or <paramref name="advance"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> or <paramref name="limit"/> is zero or negative.</exception>
    /// <exception cref="TimeoutException"><paramref name="task"/> was still pending after <paramref name="limit"/> of virtual time.</exception>
    public static async Task AdvanceUntilCompletedAsync(Task task, Action<TimeSpan> advance, TimeSpan step, TimeSpan limit)
    {
        if (task is null)
        {
            throw new ArgumentNullException(nameof(task));
        }

        if (advance is null)
        {
            throw new ArgumentNullException(nameof(advance));
        }

        var stepSize = Positive(step, nameof(step));
        var budget = Positive(limit, nameof(limit));
        for (var spent = TimeSpan.Zero; !task.IsCompleted; spent += stepSize)
        {
            if (spent >= budget)
            {
                throw new TimeoutException($"The task was still pending after {budget} of virtual time.");
            }

            advance(stepSize);
            await Task.Yield();
        }

        await task.ConfigureAwait(false);
    }

    /// <summary>Advances time in steps of <see cref="DefaultStep"/>, at most <see cref="DefaultLimit"/>, until <paramref name="task"/> completes, then awaits it.</summary>
    /// <typeparam name="T">The task's result type.</typeparam>
    /// <param name="task">The task to wait for, such as a <c>PublishAsync</c> call.</param>
    /// <param name="advance">Moves the clock forward, such as <c>FakeTimeProvider.Advance</c>.</param>
    /// <returns>The task's result; its exception, if it failed, is thrown.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> or <paramref name="advance"/> is <see langword="null"/>.</exception>
    /// <exception cref="TimeoutException"><paramref name="task"/> was still pending after <see cref="DefaultLimit"/> of virtual time.</exception>
    public static Task<T> AdvanceUntilCompletedAsync<T>(Task<T> task, Action<TimeSpan> advance) => AdvanceUntilCompletedAsync(task, advance, DefaultStep, DefaultLimit);

    /// <summary>Advances time until <paramref name="task"/> completes, then awaits it.</summary>
    /// <typeparam name="T">The task's result type.</typeparam>
    /// <param name="task">The task to wait for, such as a <c>PublishAsync</c> call.</param>
    /// <param name="advance">Moves the clock forward, such as <c>FakeTimeProvider.Advance</c>.</param>
    /// <param name="step">How far each step moves the clock.</param>
    /// <param name="limit">How much virtual time to spend at most.</param>
    /// <returns>The task's result; its exception, if it failed, is thrown.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> or <paramref name="advance"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> or <paramref name="limit"/> is zero or negative.</exception>
    /// <exception cref="TimeoutException"><paramref name="task"/> was still pending after <paramref name="limit"/> of virtual time.</exception>
    public static async Task<T> AdvanceUntilCompletedAsync<T>(Task<T> task, Action<TimeSpan> advance, TimeSpan step, TimeSpan limit)
    {
        await AdvanceUntilCompletedAsync((Task)task, advance, step, limit).ConfigureAwait(false);
        return task.Result;
    }

    private static TimeSpan Positive(TimeSpan value, string name) =>
        value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(name, value, $"The {name} must be greater than zero.");
}
