using System;
using System.Threading.Tasks;

namespace Vonage.PublishKit.OpenTok.Tests.TestSupport;

/// <summary>Real-time bounds on waits, so a deadlock fails a test instead of hanging the run. Never a delay.</summary>
internal static class Bounded
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    public static Task OrTimeout(this Task task) => task.WaitAsync(Limit);

    public static Task<T> OrTimeout<T>(this Task<T> task) => task.WaitAsync(Limit);
}
