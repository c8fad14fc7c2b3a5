using System;
using System.Threading;

namespace Vonage.PublishKit.Resilience;

/// <summary>
/// The app's clock as the built-in retry sees it: its timers (Polly's delays between tries), without its
/// timestamps. Polly reads the clock twice per try only to time the try for its own telemetry and for
/// <see cref="Polly.Retry.OnRetryArguments{TResult}.Duration"/>, and the built-in pipeline reports neither;
/// each read costs more than the rest of Polly's work for a try (about 25 ns here), and a clock that throws
/// cannot fail the pipeline through them.
/// </summary>
internal sealed class RetryClock(TimeProvider timeProvider) : TimeProvider
{
    /// <summary>Always 0, so every duration Polly measures is zero.</summary>
    public override long GetTimestamp() => 0;

    /// <summary>Any positive frequency will do for timestamps that never move: the one of <see cref="TimeSpan"/>'s ticks.</summary>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => timeProvider.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => timeProvider.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        timeProvider.CreateTimer(callback, state, dueTime, period);
}
