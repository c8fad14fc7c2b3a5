using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Vonage.PublishKit.Benchmarks.Seams;

namespace Vonage.PublishKit.Benchmarks;

/// <summary>
/// <see cref="OverheadBenchmarks.Orchestrator"/> with observers attached: a logger enabled from Information that
/// formats each message; an <see cref="ActivityListener"/> that records every span of the library's source; a
/// <see cref="MeterListener"/> that receives every measurement of its meter. Default options.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class ListenerBenchmarks
{
    private readonly InstantSession _session = new();
    private readonly InstantPublisherFactory _factory = new();
    private PublishOrchestrator _orchestrator = null!;
    private ActivityListener? _activityListener;
    private MeterListener? _meterListener;
    private double _measured;

    [Params(Listeners.None, Listeners.Logger, Listeners.Tracing, Listeners.Metrics, Listeners.All)]
    public Listeners Attached { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (Attached is Listeners.Tracing or Listeners.All)
        {
            _activityListener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == PublishKitTelemetry.Name,
                Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity => _measured += activity.Duration.Ticks,
            };
            ActivitySource.AddActivityListener(_activityListener);
        }

        if (Attached is Listeners.Metrics or Listeners.All)
        {
            _meterListener = new MeterListener
            {
                InstrumentPublished = static (instrument, listener) =>
                {
                    if (instrument.Meter.Name == PublishKitTelemetry.Name)
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _meterListener.SetMeasurementEventCallback<double>((_, value, _, _) => _measured += value);
            _meterListener.SetMeasurementEventCallback<long>((_, value, _, _) => _measured += value);
            _meterListener.Start();
        }

        var logger = Attached is Listeners.Logger or Listeners.All ? new FormattingLogger() : null;
        _orchestrator = new PublishOrchestrator(_session, _factory, new PublishOrchestratorOptions(), logger);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _orchestrator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _activityListener?.Dispose();
        _meterListener?.Dispose();
    }

    [Benchmark]
    public Task Orchestrator() => OverheadBenchmarks.OrchestratorCycleAsync(_orchestrator);
}
