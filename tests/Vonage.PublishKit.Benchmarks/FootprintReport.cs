using System;
using System.Diagnostics;
using System.Globalization;

namespace Vonage.PublishKit.Benchmarks;

/// <summary>
/// <c>--footprint [N...]</c>: for each N (default 1,000, 10,000, 100,000) measures with full collections the
/// memory an idle orchestrator (with its seams) holds, what each pending publish adds on top (retained) and
/// allocates, and the wall time for all N to publish once their seams complete.
/// </summary>
public static class FootprintReport
{
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var counts = args.Length == 0 ? [1_000, 10_000, 100_000] : Array.ConvertAll(args, a => int.Parse(a, CultureInfo.InvariantCulture));

        // Warm up the code paths so JIT and static state are not charged to the first N.
        Measure(100);
        Console.WriteLine("| N in flight | idle orchestrator + seams | retained per pending publish | allocated per pending publish | time for all to publish | per publish |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var n in counts)
        {
            var m = Measure(n);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {n:N0} | {m.IdleBytes / (double)n:N0} B | {m.RetainedBytes / (double)n:N0} B | {m.AllocatedBytes / (double)n:N0} B | {m.Complete.TotalMilliseconds:N1} ms | {m.Complete.TotalMicroseconds / n:N2} μs |"));
        }

        return 0;
    }

    private static (long IdleBytes, long RetainedBytes, long AllocatedBytes, TimeSpan Complete) Measure(int n)
    {
        var fleet = new PendingFleet(n);
        var empty = GC.GetTotalMemory(forceFullCollection: true);
        fleet.CreateOrchestrators();
        var idle = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        fleet.StartPublishes();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var pending = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        fleet.CompleteSeams().GetAwaiter().GetResult();
        clock.Stop();
        fleet.Dispose();
        GC.KeepAlive(fleet);
        return (idle - empty, pending - idle, allocated, clock.Elapsed);
    }
}
