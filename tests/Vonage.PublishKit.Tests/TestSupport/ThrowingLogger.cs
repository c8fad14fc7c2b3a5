using System;
using Microsoft.Extensions.Logging;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>A logger whose provider is broken: every record throws, as Microsoft.Extensions.Logging rethrows provider failures.</summary>
internal sealed class ThrowingLogger : ILogger<PublishOrchestrator>
{
    public IDisposable BeginScope<TState>(TState state)
        where TState : notnull => throw new InvalidOperationException("a broken logging provider");

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        throw new InvalidOperationException("a broken logging provider");
}
