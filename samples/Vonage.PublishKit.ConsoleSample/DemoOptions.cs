using System;

namespace Vonage.PublishKit.ConsoleSample;

/// <summary>
/// The options of every mode of the sample, so the timeline and <c>--telemetry</c> show the same attempts: shorter
/// than the defaults (15 s watchdog, 3 retries from 1 s) so the demo does not keep you waiting, while still
/// showing one retry of each transient failure.
/// </summary>
internal static class DemoOptions
{
    public static PublishOrchestratorOptions Create() => Apply(new PublishOrchestratorOptions());

    public static PublishOrchestratorOptions Apply(PublishOrchestratorOptions options)
    {
        options.PublishTimeout = TimeSpan.FromSeconds(3);
        options.Retry = new PublishRetryOptions { MaxRetryAttempts = 1, BaseDelay = TimeSpan.FromMilliseconds(500) };
        return options;
    }
}
