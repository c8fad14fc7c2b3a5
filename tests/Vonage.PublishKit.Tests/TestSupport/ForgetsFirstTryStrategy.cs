using System;
using System.Threading.Tasks;
using Polly;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>A pipeline that starts a try and forgets it, then returns what a second, concurrent try gives.</summary>
internal sealed class ForgetsFirstTryStrategy : ResilienceStrategy
{
    protected override ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
    {
        _ = callback(context, state).AsTask();
        return callback(context, state);
    }
}
