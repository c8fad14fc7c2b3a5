using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace Vonage.PublishKit.Benchmarks;

/// <summary>
/// N publishes in flight at once, one per orchestrator, over seams that stay pending (initialize and connect),
/// with default options. <see cref="StartPending"/>: starting all N until each waits on its seams (its
/// allocations per attempt are what a pending publish costs). <see cref="CompleteAll"/>: completing the seams
/// and awaiting all N published streams. Setup and teardown are outside the measurement.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ScaleConfig))]
public class ScaleBenchmarks
{
    private PendingFleet _fleet = null!;

    [Params(1_000, 10_000, 100_000)]
    public int N { get; set; }

    [IterationSetup(Target = nameof(StartPending))]
    public void CreateFleet()
    {
        _fleet = new PendingFleet(N);
        _fleet.CreateOrchestrators();
    }

    [IterationSetup(Target = nameof(CompleteAll))]
    public void CreatePendingFleet()
    {
        CreateFleet();
        _fleet.StartPublishes();
    }

    [IterationCleanup]
    public void DisposeFleet()
    {
        _fleet.Dispose();
        _fleet = null!;
    }

    [Benchmark]
    public void StartPending() => _fleet.StartPublishes();

    [Benchmark]
    public Task CompleteAll() => _fleet.CompleteSeams();
}
