using System;
using Microsoft.Extensions.Logging;

namespace Vonage.PublishKit.Internal;

/// <summary>
/// Forwards to the application's logger and drops what it throws. Microsoft.Extensions.Logging rethrows its
/// providers' failures, and a log call may sit between a state change and the release that must follow it.
/// An attached exception whose text holds a credential reaches the logger redacted.
/// </summary>
internal sealed class GuardedLogger(ILogger inner) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
    {
        try
        {
            return inner.BeginScope(state);
        }
        // Stryker disable once Block : an emptied block returns default, which is this block's null.
        catch (Exception)
        {
            return null;
        }
    }

    public bool IsEnabled(LogLevel logLevel)
    {
        try
        {
            return inner.IsEnabled(logLevel);
        }
        catch (Exception)
        {
            return false;
        }
    }

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            // Only called for an enabled level (LoggerMessage checks first), so redacting here costs nothing otherwise.
            var redacted = RedactedException.For(exception);
            inner.Log(logLevel, eventId, state, redacted, formatter);
        }
        catch (Exception)
        {
            // A broken provider loses this record; the publish it describes goes on.
        }
    }
}
