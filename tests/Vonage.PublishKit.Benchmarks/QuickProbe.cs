using System;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Vonage.PublishKit.Benchmarks.Seams;

namespace Vonage.PublishKit.Benchmarks;

/// <summary>
/// <c>--probe</c>: a quick check of the three fixed costs without BenchmarkDotNet: exact bytes per operation
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/>), exceptions thrown per operation (first-chance
/// exceptions, the caller's catch included) and a rough time per operation, for a successful publish and
/// unpublish cycle (default options) and a failed publish (access denied, <c>Retry = null</c>).
/// </summary>
public static class QuickProbe
{
    private static int _firstChance;

    public static int Run()
    {
        AppDomain.CurrentDomain.FirstChanceException += OnFirstChance;
        var session = new InstantSession();
        var orchestrator = new PublishOrchestrator(session, new InstantPublisherFactory());
        var noRetry = new PublishOrchestrator(session, new InstantPublisherFactory(), new PublishOrchestratorOptions { Retry = null });
        var denied = new PublishOrchestrator(session, new InstantPublisherFactory(denyAccess: true), new PublishOrchestratorOptions { Retry = null });
        Measure("publish + unpublish (default options)", () => OverheadBenchmarks.OrchestratorCycleAsync(orchestrator), 200_000);
        Measure("publish + unpublish (Retry = null)", () => OverheadBenchmarks.OrchestratorCycleAsync(noRetry), 200_000);
        Measure("failed publish, access denied (Retry = null)", () => FailAsync(denied), 20_000);
        return 0;
    }

    private static void OnFirstChance(object? sender, FirstChanceExceptionEventArgs e) => Interlocked.Increment(ref _firstChance);

    private static async Task FailAsync(PublishOrchestrator orchestrator)
    {
        try
        {
            await orchestrator.PublishAsync("token");
        }
        catch (AccessDeniedException)
        {
            // The one typed exception per publish.
        }
    }

    private static void Measure(string title, Func<Task> operation, int count)
    {
        for (var i = 0; i < count / 10; i++)
        {
            operation().GetAwaiter().GetResult();
        }

        var exceptions = Volatile.Read(ref _firstChance);
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            operation().GetAwaiter().GetResult();
        }

        watch.Stop();
        bytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
        exceptions = Volatile.Read(ref _firstChance) - exceptions;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{title}: {watch.Elapsed.TotalMilliseconds * 1_000_000 / count:N0} ns, {bytes / (double)count:N0} B, {exceptions / (double)count:N2} exceptions per operation"));
    }
}
