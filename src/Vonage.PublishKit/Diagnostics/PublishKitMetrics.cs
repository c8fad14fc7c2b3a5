using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Vonage.PublishKit.Diagnostics;

/// <summary>
/// The library's instruments, created once per meter: on the <see cref="IMeterFactory"/> the app gives
/// (dependency injection), else on a shared static meter. Recording with no listener is a flag check.
/// </summary>
internal sealed class PublishKitMetrics
{
    private static readonly ConditionalWeakTable<IMeterFactory, PublishKitMetrics> ByFactory = new();
    private static readonly Lazy<PublishKitMetrics> Shared = new(() => new PublishKitMetrics(new Meter(PublishKitTelemetry.Name)));

    private PublishKitMetrics(Meter meter)
    {
        PublishDuration = meter.CreateHistogram<double>("vonage.publishkit.publish.duration", "s", "Duration of a publish (a PublishAsync call or a republish), all attempts included.");
        PhaseDuration = meter.CreateHistogram<double>("vonage.publishkit.phase.duration", "s", "Duration of one phase of an attempt: initialize, connect or publish.");
        Attempts = meter.CreateCounter<long>("vonage.publishkit.attempts", "{attempt}", "Publish attempts, by outcome.");
        Failures = meter.CreateCounter<long>("vonage.publishkit.failures", "{failure}", "Failed attempts, by error type and phase.");
        Retries = meter.CreateCounter<long>("vonage.publishkit.retries", "{retry}", "Retries scheduled after a transient failure.");
        StreamsLost = meter.CreateCounter<long>("vonage.publishkit.streams.lost", "{stream}", "Published streams that ended without UnpublishAsync, by reason.");
        Republishes = meter.CreateCounter<long>("vonage.publishkit.republishes", "{republish}", "Republishes after a network loss, by outcome.");
    }

    public Histogram<double> PublishDuration { get; }

    public Histogram<double> PhaseDuration { get; }

    public Counter<long> Attempts { get; }

    public Counter<long> Failures { get; }

    public Counter<long> Retries { get; }

    public Counter<long> StreamsLost { get; }

    public Counter<long> Republishes { get; }

    public static PublishKitMetrics For(IMeterFactory? meterFactory) =>
        meterFactory is null ? Shared.Value : ByFactory.GetValue(meterFactory, static f => new PublishKitMetrics(f.Create(new MeterOptions(PublishKitTelemetry.Name))));

    public void RecordFailure(PublishException failure)
    {
        if (Failures.Enabled)
        {
            Failures.Add(
                1,
                new KeyValuePair<string, object?>(TagNames.ErrorType, TagValues.Of(failure.Kind)),
                new KeyValuePair<string, object?>(TagNames.Phase, TagValues.Of(failure.Phase)),
                new KeyValuePair<string, object?>(TagNames.Transient, failure.IsTransient));
        }
    }
}
