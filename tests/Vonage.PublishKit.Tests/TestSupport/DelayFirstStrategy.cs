using System;
using System.Threading;
using System.Threading.Tasks;
using Polly;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>A strategy that waits on the app's clock before it runs the callback the first time, then runs it as it comes.</summary>
internal sealed class DelayFirstStrategy(TimeProvider time, TimeSpan delay) : ResilienceStrategy
{
    private int _calls;

    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
    {
        if (Interlocked.Increment(ref _calls) == 1)
        {
            await Task.Delay(delay, time, context.CancellationToken).ConfigureAwait(false);
        }

        return await callback(context, state).ConfigureAwait(false);
    }
}
