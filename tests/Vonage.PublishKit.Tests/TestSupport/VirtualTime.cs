using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>Drives virtual time until a task completes, failing instead of hanging.</summary>
internal static class VirtualTime
{
    /// <summary>Advances in steps until <paramref name="task"/> completes or the steps run out; observes nothing.</summary>
    public static async Task AdvanceUntilCompletedAsync(this FakeTimeProvider time, Task task, TimeSpan step, int maxSteps = 10_000)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            time.Advance(step);
            await Task.Yield();
        }
    }

    /// <summary>Advances until <paramref name="task"/> completes, then awaits it (bounded in real time).</summary>
    public static async Task DriveAsync(this FakeTimeProvider time, Task task, TimeSpan step, int maxSteps = 10_000)
    {
        await time.AdvanceUntilCompletedAsync(task, step, maxSteps);
        await task.OrTimeout();
    }
}
