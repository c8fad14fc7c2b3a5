using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using Microsoft.Extensions.DependencyInjection;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>
/// An app's <see cref="ActivityListener"/> and <see cref="MeterListener"/> that throw where a test says, seeing
/// only this test's telemetry (its own trace and its own meter factory), so parallel tests are not touched.
/// </summary>
internal sealed class ThrowingListeners : IDisposable
{
    private readonly ServiceProvider _metricsProvider = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly Activity _root = new Activity("hostile-root").Start();
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters = new();
    private int _thrown;

    public ThrowingListeners()
    {
        MeterFactory = _metricsProvider.GetRequiredService<IMeterFactory>();
        var traceId = _root.TraceId;
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PublishKitTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
            {
                var ours = options.Parent.TraceId == traceId || (options.Links?.Any(l => l.Context.TraceId == traceId) ?? false);
                if (ours && options.Name == ThrowOnSample)
                {
                    Interlocked.Increment(ref _thrown);
                    throw new InvalidOperationException("a broken sampler");
                }

                return ActivitySamplingResult.AllDataAndRecorded;
            },
            ActivityStarted = activity => ThrowIfOurs(activity, ThrowOnStart, traceId),
            ActivityStopped = activity => ThrowIfOurs(activity, ThrowOnStop, traceId),
        };
        ActivitySource.AddActivityListener(_activities);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, MeterFactory))
            {
                if (ThrowOnInstrumentPublished)
                {
                    throw new InvalidOperationException("a broken instrument listener");
                }

                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<double>((instrument, _, _, _) => ThrowIfNamed(instrument));
        _meters.SetMeasurementEventCallback<long>((instrument, _, _, _) => ThrowIfNamed(instrument));
        _meters.Start();
    }

    /// <summary>Gets the factory whose meters these listeners see; give it to the options.</summary>
    public IMeterFactory MeterFactory { get; }

    /// <summary>Gets or sets the span name whose sampling throws.</summary>
    public string? ThrowOnSample { get; set; }

    /// <summary>Gets or sets the span name whose ActivityStarted throws.</summary>
    public string? ThrowOnStart { get; set; }

    /// <summary>Gets or sets the span name whose ActivityStopped throws.</summary>
    public string? ThrowOnStop { get; set; }

    /// <summary>Gets or sets the instrument name whose measurements throw.</summary>
    public string? ThrowOnMeasurement { get; set; }

    /// <summary>Gets or sets a value indicating whether publishing an instrument of <see cref="MeterFactory"/> throws.</summary>
    public bool ThrowOnInstrumentPublished { get; set; }

    /// <summary>Gets how many times a listener threw, so a test knows its hostility was reached.</summary>
    public int Thrown => Volatile.Read(ref _thrown);

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
        _root.Stop();
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

    private void ThrowIfOurs(Activity activity, string? name, ActivityTraceId traceId)
    {
        var ours = activity.TraceId == traceId || RootOf(activity).Links.Any(l => l.Context.TraceId == traceId);
        if (ours && activity.OperationName == name)
        {
            Interlocked.Increment(ref _thrown);
            throw new InvalidOperationException("a broken activity listener");
        }
    }

    private void ThrowIfNamed(Instrument instrument)
    {
        if (instrument.Name == ThrowOnMeasurement)
        {
            Interlocked.Increment(ref _thrown);
            throw new InvalidOperationException("a broken meter listener");
        }
    }
}
