using System;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Vonage.PublishKit.Benchmarks.Seams;

namespace Vonage.PublishKit.Benchmarks;

/// <summary>
/// Time to publish on the wall clock with initialize 200 ms, connect 300 ms and publish 100 ms (Task.Delay).
/// The bound is max(200, 300) + 100 = 400 ms; doing the phases one after the other takes 600 ms.
/// One publish is one operation, so each iteration is one cold publish (RunStrategy.Monitoring).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(TimeToPublishConfig))]
public class TimeToPublishBenchmarks
{
    private static readonly TimeSpan Initialize = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Connect = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Publish = TimeSpan.FromMilliseconds(100);
    private readonly PublisherSettings _settings = new();
    private readonly DelaySession _session = new(Connect, Publish);
    private readonly DelayPublisherFactory _factory = new(Initialize);
    private PublishOrchestrator _orchestrator = null!;

    [GlobalSetup]
    public void Setup() => _orchestrator = new PublishOrchestrator(_session, _factory);

    [GlobalCleanup]
    public void Cleanup() => _orchestrator.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Initialize, then connect, then publish: 600 ms.</summary>
    [Benchmark(Baseline = true)]
    public async Task<string?> Sequential()
    {
        var publisher = _factory.CreatePublisher(_settings);
        try
        {
            await publisher.InitializeAsync();
            await _session.ConnectAsync("token");
            await _session.PublishAsync(publisher);
            var streamId = publisher.StreamId;
            await _session.UnpublishAsync(publisher);
            return streamId;
        }
        finally
        {
            await publisher.DisposeAsync();
        }
    }

    /// <summary>The two flags as Task.WhenAll, then publish: the 400 ms bound plus the hand-written overhead.</summary>
    [Benchmark]
    public Task HandWritten() => OverheadBenchmarks.HandWrittenCycleAsync(_session, _factory, _settings);

    /// <summary>The orchestrator with default options (timeouts armed, Polly retry pipeline).</summary>
    [Benchmark]
    public Task Orchestrator() => OverheadBenchmarks.OrchestratorCycleAsync(_orchestrator);
}
