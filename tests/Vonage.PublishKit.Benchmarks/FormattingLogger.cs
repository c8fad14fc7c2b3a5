using System;
using Microsoft.Extensions.Logging;

namespace Vonage.PublishKit.Benchmarks;

/// <summary>
/// A logger enabled from <see cref="LogLevel.Information"/>, as in production, that formats every message
/// (what any real sink does first) and then drops it, so the library's own logging cost is what is measured.
/// </summary>
public sealed class FormattingLogger : ILogger<PublishOrchestrator>
{
    public long Characters { get; private set; }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (IsEnabled(logLevel))
        {
            Characters += formatter(state, exception).Length;
        }
    }
}
