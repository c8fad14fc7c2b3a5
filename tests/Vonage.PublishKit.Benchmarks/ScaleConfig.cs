using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace Vonage.PublishKit.Benchmarks;

/// <summary>
/// <see cref="ScaleBenchmarks"/>: the per-attempt columns, and unless <c>--job</c> is given, one cold batch per
/// iteration (1 warmup, 5 measured).
/// </summary>
public sealed class ScaleConfig : ManualConfig
{
    public ScaleConfig()
    {
        AddColumn(new PerAttemptColumn(allocated: false), new PerAttemptColumn(allocated: true));
        if (!Program.JobFromCommandLine)
        {
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5).WithInvocationCount(1).WithUnrollFactor(1).WithId("Batch"));
        }
    }
}
