using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Vonage.PublishKit.Diagnostics;

/// <summary>
/// The library's instruments, created once per meter: on the <see cref="IMeterFactory"/> the app gives
/// (dependency injection), else on a shared static meter. Recording with no listener is a flag check.
/// Only <see cref="TelemetryRecorder"/> records on them: a listener runs inside every record call.
/// </summary>
internal sealed class PublishKitMetrics
{
    private static readonly ConditionalWeakTable<IMeterFactory, PublishKitMetrics> ByFactory = new();
    // Seconds, around what publishing takes: a phase in tens of milliseconds to seconds, a publish with its
    // retries and backoff up to a minute. OpenTelemetry's default buckets would put every publish in (0, 5].
    private static readonly double[] PhaseBuckets = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 15, 30];
    private static readonly double[] PublishBuckets = [0.1, 0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 45, 60];
    private static PublishKitMetrics? _shared;

    private PublishKitMetrics(Meter meter)
    {
        PublishDuration = meter.CreateHistogram("vonage.publishkit.publish.duration", "s", "Duration of a publish (a PublishAsync call or a republish), all attempts included.", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = PublishBuckets });
        PhaseDuration = meter.CreateHistogram("vonage.publishkit.phase.duration", "s", "Duration of one phase of an attempt: initialize, connect or publish.", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = PhaseBuckets });
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

    /// <summary>
    /// Gets the instruments for <paramref name="meterFactory"/>, or <see langword="null"/> when creating them threw
    /// (a listener's <c>InstrumentPublished</c>, or the app's factory): that orchestrator records no metrics, and
    /// the next one tries again.
    /// </summary>
    public static PublishKitMetrics? For(IMeterFactory? meterFactory)
    {
        try
        {
            return meterFactory is null
                ? LazyInitializer.EnsureInitialized(ref _shared, static () => new PublishKitMetrics(new Meter(PublishKitTelemetry.Name)))
                : ByFactory.GetValue(meterFactory, static f => new PublishKitMetrics(f.Create(new MeterOptions(PublishKitTelemetry.Name))));
        }
        // Stryker disable once Block : an emptied block returns default, which is this block's null.
        catch (Exception)
        {
            return null;
        }
    }

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
