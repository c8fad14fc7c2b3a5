namespace Vonage.PublishKit.Benchmarks;

/// <summary>Which observers are attached while <see cref="ListenerBenchmarks"/> runs.</summary>
public enum Listeners
{
    None,
    Logger,
    Tracing,
    Metrics,
    All,
}
