using System;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;

namespace Vonage.PublishKit.Resilience;

/// <summary>Builds the Polly pipeline a publish attempt runs in from the orchestrator's options.</summary>
internal static class PublishPipeline
{
    /// <summary>
    /// The built-in retry as a pipeline typed for the stream, so Polly calls the try without converting its outcome;
    /// <see langword="null"/> when the options have no retry or bring a pipeline of the app's.
    /// </summary>
    /// <param name="options">The orchestrator's options.</param>
    /// <param name="onRetry">Reports a retry; one pipeline per kind of attempt, so it needs no context property.</param>
    public static ResiliencePipeline<PublishedStream>? CreateRetry(PublishOrchestratorOptions options, Func<OnRetryArguments<PublishedStream>, ValueTask> onRetry)
    {
        if (options.ResiliencePipeline is not null || options.Retry is not { } retry)
        {
            return null;
        }

        return new ResiliencePipelineBuilder<PublishedStream> { TimeProvider = new RetryClock(options.TimeProvider) }
            .AddRetry(new RetryStrategyOptions<PublishedStream>
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
