using System;
using System.Threading.Tasks;
using Polly;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>A pipeline that runs a try, starts another behind it without waiting, and returns the first outcome.</summary>
internal sealed class TryBehindSuccessStrategy : ResilienceStrategy
{
    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
    {
        var outcome = await callback(context, state).ConfigureAwait(false);
        _ = callback(context, state).AsTask();
        return outcome;
    }
}
