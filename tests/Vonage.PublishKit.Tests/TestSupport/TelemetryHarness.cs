using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using Vonage.PublishKit.Testing;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>
/// Fakes plus listeners that see only this test's telemetry: spans of this test's trace (a root activity per
/// harness) and measurements of this harness's own meter factory, so parallel tests do not interfere.
/// </summary>
internal sealed class TelemetryHarness : IDisposable
{
    private readonly ServiceProvider _metricsProvider = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ActivityListener _listener;
    private readonly Activity _root;
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly Dictionary<string, MetricCollector<double>> _histograms = [];
    private readonly Dictionary<string, MetricCollector<long>> _counters = [];

    public TelemetryHarness()
    {
        Session = new FakeSession(Time);
        Factory = new FakePublisherFactory(Time);
        var meterFactory = _metricsProvider.GetRequiredService<IMeterFactory>();
        Options = new PublishOrchestratorOptions { TimeProvider = Time, MeterFactory = meterFactory, Retry = new PublishRetryOptions { UseJitter = false } };
        foreach (var name in new[] { "vonage.publishkit.publish.duration", "vonage.publishkit.phase.duration" })
        {
            _histograms[name] = new MetricCollector<double>(meterFactory, PublishKitTelemetry.Name, name);
        }

        foreach (var name in new[] { "vonage.publishkit.attempts", "vonage.publishkit.failures", "vonage.publishkit.retries", "vonage.publishkit.streams.lost", "vonage.publishkit.republishes" })
        {
            _counters[name] = new MetricCollector<long>(meterFactory, PublishKitTelemetry.Name, name);
        }

        _root = new Activity("test-root").Start();
        var traceId = _root.TraceId;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PublishKitTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                // A republish is a trace of its own, whose root links to the publish it replaces.
                if (activity.TraceId == traceId || RootOf(activity).Links.Any(link => link.Context.TraceId == traceId))
                {
                    _spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public FakeTimeProvider Time { get; } = new();

    public FakeSession Session { get; }

    public FakePublisherFactory Factory { get; }

    public PublishOrchestratorOptions Options { get; }

    public IReadOnlyList<Activity> Spans => _spans.ToArray();

    public PublishOrchestrator CreateSut() => new(Session, Factory, Options);

    public IReadOnlyList<CollectedMeasurement<double>> Histogram(string name) => _histograms[name].GetMeasurementSnapshot();

    public IReadOnlyList<CollectedMeasurement<long>> Counter(string name) => _counters[name].GetMeasurementSnapshot();

    public Activity Span(string name) => Assert.Single(Spans, s => s.OperationName == name);

    public void Dispose()
    {
        _listener.Dispose();
        _root.Stop();
        foreach (var collector in _histograms.Values)
        {
            collector.Dispose();
        }

        foreach (var collector in _counters.Values)
        {
            collector.Dispose();
        }

        _metricsProvider.Dispose();
    }

    private static Activity RootOf(Activity activity)
    {
        while (activity.Parent is { } parent)
        {
            activity = parent;
        }

        return activity;
    }
}
