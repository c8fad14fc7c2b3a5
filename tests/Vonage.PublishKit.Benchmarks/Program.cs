using System;
using BenchmarkDotNet.Running;

namespace Vonage.PublishKit.Benchmarks;

/// <summary>
/// Runs the benchmarks (BenchmarkDotNet's command line: <c>--filter</c>, <c>--job</c>, ...), or with
/// <c>--footprint</c> the retained-memory report of pending publishes, or with <c>--allocations</c> the
/// allocation profile by type, or with <c>--probe</c> a quick check of bytes, exceptions and time per operation. See docs/benchmarks.md.
/// </summary>
public static class Program
{
    /// <summary>Gets a value indicating whether <c>--job</c> was given: it then replaces the classes' own default jobs.</summary>
    public static bool JobFromCommandLine { get; private set; }

    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        JobFromCommandLine = Array.Exists(args, a => a is "--job" or "-j" || a.StartsWith("--job=", StringComparison.Ordinal));
        if (args.Length > 0 && args[0] == "--footprint")
        {
            return FootprintReport.Run(args.AsSpan(1).ToArray());
        }

        if (args.Length > 0 && args[0] == "--probe")
        {
            return QuickProbe.Run();
        }

        if (args.Length > 0 && args[0] == "--allocations")
        {
            return AllocationProfile.Run();
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        foreach (var summary in summaries)
        {
            if (summary.HasCriticalValidationErrors || summary.Reports.Length < summary.BenchmarksCases.Length)
            {
                return 1;
            }

            foreach (var report in summary.Reports)
            {
                if (!report.Success)
                {
                    return 1;
                }
            }
        }

        return 0;
    }
}
