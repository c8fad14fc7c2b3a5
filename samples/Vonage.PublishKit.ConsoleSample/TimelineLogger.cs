using System;
using Microsoft.Extensions.Logging;

namespace Vonage.PublishKit.ConsoleSample;

/// <summary>Prints the orchestrator's own log events as a timeline, relative to when the scenario started.</summary>
internal sealed class TimelineLogger(TimeProvider timeProvider) : ILogger<PublishOrchestrator>
{
    private readonly long _started = timeProvider.GetTimestamp();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var elapsed = timeProvider.GetElapsedTime(_started);
        Console.WriteLine($"  {elapsed.TotalMilliseconds,7:0} ms  {formatter(state, exception)}");
    }
}
