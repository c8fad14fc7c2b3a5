using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Vonage.PublishKit.Benchmarks.Seams;

namespace Vonage.PublishKit.Benchmarks;

/// <summary>
/// What the orchestration costs: one successful publish and unpublish over seams that have already completed,
/// next to the same flow written by hand (the seed's two flags, as <see cref="Task.WhenAll(Task[])"/> then publish).
/// No logger, no trace or metric listener.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class OverheadBenchmarks
{
    private const string Token = "token";
    private readonly PublisherSettings _settings = new();
    private readonly InstantSession _session = new();
    private readonly InstantPublisherFactory _factory = new();
    private readonly InstantSession _connectedSession = new(isConnected: true);
    private readonly BridgedSession _bridgedSession = new();
    private readonly BridgedPublisherFactory _bridgedFactory = new();
    private PublishOrchestrator _orchestrator = null!;
    private PublishOrchestrator _bridgedOrchestrator = null!;
    private PublishOrchestrator _noRetryOrchestrator = null!;
    private PublishOrchestrator _connectedOrchestrator = null!;

    [GlobalSetup]
    public void Setup()
    {
        _orchestrator = new PublishOrchestrator(_session, _factory);
        _bridgedOrchestrator = new PublishOrchestrator(_bridgedSession, _bridgedFactory);
        _noRetryOrchestrator = new PublishOrchestrator(_session, _factory, new PublishOrchestratorOptions { Retry = null });
        _connectedOrchestrator = new PublishOrchestrator(_connectedSession, _factory);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _orchestrator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _bridgedOrchestrator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _noRetryOrchestrator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _connectedOrchestrator.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>The seed's two flags as <c>Task.WhenAll</c>, then publish; then unpublish and destroy the publisher.</summary>
    [Benchmark(Baseline = true)]
    public Task HandWritten() => HandWrittenCycleAsync(_session, _factory, _settings);

    /// <summary>The same over seams bridged from SDK callbacks through a <c>TaskCompletionSource</c> per call, as an adapter does.</summary>
    [Benchmark]
    public Task HandWritten_TcsBridged() => HandWrittenCycleAsync(_bridgedSession, _bridgedFactory, _settings);

    /// <summary><c>PublishAsync</c> then <c>UnpublishAsync</c> with default options (timeouts, Polly retry pipeline).</summary>
    [Benchmark]
    public Task Orchestrator() => OrchestratorCycleAsync(_orchestrator);

    /// <summary>The same over the TCS-bridged seams.</summary>
    [Benchmark]
    public Task Orchestrator_TcsBridged() => OrchestratorCycleAsync(_bridgedOrchestrator);

    /// <summary>The same with <c>Retry = null</c>: no Polly strategy, the rest as default.</summary>
    [Benchmark]
    public Task Orchestrator_NoRetry() => OrchestratorCycleAsync(_noRetryOrchestrator);

    /// <summary>Default options, session connected before (a second publish in the same session): no connect phase.</summary>
    [Benchmark]
    public Task Orchestrator_SessionConnected() => OrchestratorCycleAsync(_connectedOrchestrator);

    /// <summary>Gets the stream id of the latest cycle, so no cycle's work is dead code.</summary>
    /// <remarks>
    /// The cycles return a plain <see cref="Task"/>: one that completes synchronously is a cached task, so what is
    /// measured is the cycle's own allocation, not a result task of the harness.
    /// </remarks>
    public static string? LastStreamId { get; private set; }

    internal static async Task HandWrittenCycleAsync(ISession session, IPublisherFactory factory, PublisherSettings settings)
    {
        var publisher = factory.CreatePublisher(settings);
        try
        {
            await Task.WhenAll(publisher.InitializeAsync(), session.ConnectAsync(Token));
            await session.PublishAsync(publisher);
            var streamId = publisher.StreamId;
            await session.UnpublishAsync(publisher);
            LastStreamId = streamId;
        }
        finally
        {
            await publisher.DisposeAsync();
        }
    }

    internal static async Task OrchestratorCycleAsync(PublishOrchestrator orchestrator)
    {
        var stream = await orchestrator.PublishAsync(Token);
        await orchestrator.UnpublishAsync();
        LastStreamId = stream.StreamId;
    }
}
