using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Vonage.PublishKit.Benchmarks.Seams;

namespace Vonage.PublishKit.Benchmarks;

/// <summary>
/// The failure path: initialize fails at once with a new <see cref="AccessDeniedException"/> while connect
/// succeeds. The orchestrator runs with <c>Retry = null</c>, so one attempt is one typed exception thrown to
/// the caller (access denied is never retried anyway); the hand-written flow catches the same exception.
/// The Exceptions column counts the exceptions thrown per operation (first-chance, the caller's catch included).
/// </summary>
[MemoryDiagnoser]
[ExceptionDiagnoser]
[MinColumn]
[MedianColumn]
public class FailureBenchmarks
{
    private const string Token = "token";
    private readonly PublisherSettings _settings = new();
    private readonly InstantSession _session = new();
    private readonly InstantPublisherFactory _deniedFactory = new(denyAccess: true);
    private PublishOrchestrator _orchestrator = null!;

    [GlobalSetup]
    public void Setup() =>
        _orchestrator = new PublishOrchestrator(_session, _deniedFactory, new PublishOrchestratorOptions { Retry = null });

    [GlobalCleanup]
    public void Cleanup() => _orchestrator.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public async Task<int> HandWritten_AccessDenied()
    {
        var publisher = _deniedFactory.CreatePublisher(_settings);
        try
        {
            await Task.WhenAll(publisher.InitializeAsync(), _session.ConnectAsync(Token));
            await _session.PublishAsync(publisher);
            return 0;
        }
        catch (AccessDeniedException)
        {
            return 1;
        }
        finally
        {
            await publisher.DisposeAsync();
        }
    }

    [Benchmark]
    public async Task<int> Orchestrator_AccessDenied()
    {
        try
        {
            await _orchestrator.PublishAsync(Token);
            return 0;
        }
        catch (AccessDeniedException)
        {
            return 1;
        }
    }
}
