using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Polly;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>What a late try gave the pipeline: the outcome's exception (or what the callback threw), and whether it held a stream.</summary>
internal readonly record struct LateOutcome(Exception? Exception, bool HasResult);

/// <summary>
/// A strategy that, for its first <see cref="DeafCalls"/> executions, keeps the callback for the test to run
/// later (as often and on whatever thread it likes) and waits for <see cref="Release"/> whatever the cancellation says.
/// </summary>
internal sealed class CapturingDeafStrategy : ResilienceStrategy
{
    private readonly List<Func<Task<LateOutcome>>> _captured = [];
    private int _calls;

    public int DeafCalls { get; set; }

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<LateOutcome> RunLateAsync(int call)
    {
        Func<Task<LateOutcome>> run;
        lock (_captured)
        {
            run = _captured[call];
        }

        return run();
    }

    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
    {
        if (Interlocked.Increment(ref _calls) > DeafCalls)
        {
            return await callback(context, state).ConfigureAwait(false);
        }

        lock (_captured)
        {
            _captured.Add(async () =>
            {
                try
                {
                    var outcome = await callback(context, state).ConfigureAwait(false);
                    return new LateOutcome(outcome.Exception, outcome.Exception is null);
                }
                catch (Exception exception)
                {
                    return new LateOutcome(exception, false);
                }
            });
        }

        await Release.Task.ConfigureAwait(false);
        return Outcome.FromException<TResult>(new OperationCanceledException("released"));
    }
}
