using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>Drives virtual time until a task completes, failing instead of hanging.</summary>
internal static class VirtualTime
{
    public static async Task DriveAsync(this FakeTimeProvider time, Task task, TimeSpan step, int maxSteps = 10_000)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            time.Advance(step);
            await Task.Yield();
        }

        await task.OrTimeout();
    }
}
