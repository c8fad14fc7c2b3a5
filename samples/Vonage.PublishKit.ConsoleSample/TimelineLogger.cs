using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace Vonage.PublishKit.ConsoleSample;

/// <summary>
/// Prints the orchestrator's own log events as they happen, relative to when the scenario started, and
/// remembers when each phase of each attempt ran, for <see cref="PrintChart"/>.
/// </summary>
internal sealed class TimelineLogger(TimeProvider timeProvider) : ILogger<PublishOrchestrator>
{
    private const int ChartWidth = 40;
    private readonly long _started = timeProvider.GetTimestamp();
    private readonly List<(string Phase, double Start, double End, bool Ok)> _phases = [];
    private double _attemptStart;
    private double _setupEnd;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var now = timeProvider.GetElapsedTime(_started).TotalMilliseconds;
        Console.WriteLine($"  {now,7:0} ms  {formatter(state, exception)}");
        var phase = Find(state, "Phase");
        lock (_phases)
        {
            switch (eventId.Name)
            {
                case "PublishStarted":
                    _attemptStart = now;
                    _setupEnd = now;
                    break;
                case "PhaseCompleted" or "PublishFailed" when phase is not null:
                    // Initialize and connect start with the attempt; publish once both are done.
                    var start = phase == nameof(PublishPhase.Publish) ? _setupEnd : _attemptStart;
                    _phases.Add((phase, start, now, eventId.Name == "PhaseCompleted"));
                    if (phase != nameof(PublishPhase.Publish))
                    {
                        _setupEnd = Math.Max(_setupEnd, now);
                    }

                    break;
            }
        }
    }

    /// <summary>Draws each phase as a bar on one time axis, so overlapping phases show side by side.</summary>
    public void PrintChart()
    {
        lock (_phases)
        {
            var end = 1.0;
            foreach (var p in _phases)
            {
                end = Math.Max(end, p.End);
            }

            foreach (var (phase, start, stop, ok) in _phases)
            {
                var from = (int)Math.Round(start / end * ChartWidth);
                var to = Math.Max(from + 1, (int)Math.Round(stop / end * ChartWidth));
                var bar = new string(' ', from) + new string(ok ? '#' : 'x', to - from) + new string(' ', ChartWidth - to);
                Console.WriteLine($"  {phase,-10} |{bar}| {start,6:0}-{stop,6:0} ms {(ok ? "ok" : "failed")}");
            }
        }
    }

    private static string? Find<TState>(TState state, string key)
    {
        if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            foreach (var (name, value) in values)
            {
                if (name == key)
                {
                    return value?.ToString();
                }
            }
        }

        return null;
    }
}
