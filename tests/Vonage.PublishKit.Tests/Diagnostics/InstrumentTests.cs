using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Diagnostics.Metrics;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Diagnostics;

/// <summary>The instruments docs/diagnostics.md lists, with the units and types dashboards rely on.</summary>
public class InstrumentTests
{
    [Fact]
    public async Task Meter_PublishesTheDocumentedInstruments()
    {
        await using var metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = metrics.GetRequiredService<IMeterFactory>();
        var found = new Dictionary<string, (string? Unit, string Type, string? Description)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == PublishKitTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, meterFactory))
                {
                    found[instrument.Name] = (instrument.Unit, instrument.GetType().Name, instrument.Description);
                }
            },
        };
        listener.Start();

        await using var sut = new PublishOrchestrator(new FakeSession(), new FakePublisherFactory(), new PublishOrchestratorOptions { MeterFactory = meterFactory });
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Equal(
            new Dictionary<string, (string?, string)>
            {
                ["vonage.publishkit.publish.duration"] = ("s", "Histogram`1"),
                ["vonage.publishkit.phase.duration"] = ("s", "Histogram`1"),
                ["vonage.publishkit.attempts"] = ("{attempt}", "Counter`1"),
                ["vonage.publishkit.failures"] = ("{failure}", "Counter`1"),
                ["vonage.publishkit.retries"] = ("{retry}", "Counter`1"),
                ["vonage.publishkit.streams.lost"] = ("{stream}", "Counter`1"),
                ["vonage.publishkit.republishes"] = ("{republish}", "Counter`1"),
            },
            found.ToDictionary(kv => kv.Key, kv => (kv.Value.Unit, kv.Value.Type)));
        Assert.All(found.Values, i => Assert.False(string.IsNullOrWhiteSpace(i.Description)));
    }

    [Fact]
    public async Task Meter_WithoutAMeterFactory_RecordsOnTheSharedMeter()
    {
        long attempts = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PublishKitTelemetry.Name && instrument.Meter.Scope is null && instrument.Name == "vonage.publishkit.attempts")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref attempts, value));
        listener.Start();

        await using var sut = new PublishOrchestrator(new FakeSession(), new FakePublisherFactory(), new PublishOrchestratorOptions { MeterFactory = null });
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        // Other tests may record on the shared meter too: at least this publish's attempt is there.
        Assert.True(Interlocked.Read(ref attempts) >= 1);
    }

    [Fact]
    public async Task Histograms_AdviseBucketsAroundHowLongPublishingTakes()
    {
        await using var metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = metrics.GetRequiredService<IMeterFactory>();
        var buckets = new Dictionary<string, IReadOnlyList<double>?>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument is Histogram<double> histogram && ReferenceEquals(instrument.Meter.Scope, meterFactory))
                {
                    buckets[instrument.Name] = histogram.Advice?.HistogramBucketBoundaries;
                }
            },
        };
        listener.Start();

        await using var sut = new PublishOrchestrator(new FakeSession(), new FakePublisherFactory(), new PublishOrchestratorOptions { MeterFactory = meterFactory });

        var publish = Assert.IsAssignableFrom<IReadOnlyList<double>>(buckets["vonage.publishkit.publish.duration"]);
        var phase = Assert.IsAssignableFrom<IReadOnlyList<double>>(buckets["vonage.publishkit.phase.duration"]);
        Assert.Equal(60, publish[^1]); // the default retries and backoff fit
        Assert.Contains(publish, b => b < 1); // a publish on a good network is under a second
        Assert.True(phase[0] <= 0.05, "a phase can take tens of milliseconds");
        Assert.Equal(publish.OrderBy(b => b), publish);
        Assert.Equal(phase.OrderBy(b => b), phase);
    }
}
