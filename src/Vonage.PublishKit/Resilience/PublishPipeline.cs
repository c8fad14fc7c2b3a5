using System;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;

namespace Vonage.PublishKit.Resilience;

/// <summary>Builds the Polly pipeline a publish attempt runs in, from the orchestrator's options.</summary>
internal static class PublishPipeline
{
    /// <summary>The orchestrator's attempt, carried to the retry callback in the resilience context.</summary>
    // Stryker disable once String : the key is found by this same instance; its name is seen by no one.
    public static readonly ResiliencePropertyKey<object> AttemptKey = new("Vonage.PublishKit.Attempt");

    public static ResiliencePipeline Create(PublishOrchestratorOptions options, Func<OnRetryArguments<object>, ValueTask> onRetry)
    {
        if (options.ResiliencePipeline is { } custom)
        {
            return custom;
        }

        if (options.Retry is not { } retry)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = static args => new ValueTask<bool>(args.Outcome.Exception is PublishException { IsTransient: true }),
                MaxRetryAttempts = retry.MaxRetryAttempts,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = retry.UseJitter,
                OnRetry = onRetry,
            })
            .Build();
    }
}
