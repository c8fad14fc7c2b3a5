using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace Vonage.PublishKit.Benchmarks;

/// <summary>
/// <see cref="TimeToPublishBenchmarks"/>: unless <c>--job</c> is given, one publish per iteration
/// (2 warmup, 15 measured), since each takes hundreds of milliseconds.
/// </summary>
public sealed class TimeToPublishConfig : ManualConfig
{
    public TimeToPublishConfig()
    {
        if (!Program.JobFromCommandLine)
        {
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(15).WithId("OnePublish"));
        }
    }
}
