using System;
using System.Threading;
using System.Threading.Tasks;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Web.Tests.TestSupport;

/// <summary>Waits, bounded in real time, for the adapter's asynchronous steps to reach a point. Never a delay.</summary>
internal static class Eventually
{
    public static async Task UntilAsync(Func<bool> condition)
    {
        using var bound = new CancellationTokenSource(Bounded.Limit);
        while (!condition())
        {
            bound.Token.ThrowIfCancellationRequested();
            await Task.Yield();
        }
    }
}
