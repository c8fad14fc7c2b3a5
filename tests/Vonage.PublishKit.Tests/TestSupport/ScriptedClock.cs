using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>A clock over a <see cref="FakeTimeProvider"/> whose timers fire inline, fail, or whose time jumps, as a test says.</summary>
internal sealed class ScriptedClock(FakeTimeProvider inner) : TimeProvider
{
    private int _creates;
    private int _changes;

    public Exception? CreateThrows { get; set; }

    public Exception? ChangeThrows { get; set; }

    public bool DisposeThrows { get; set; }

    /// <summary>Gets or sets how often a new timer's callback runs inline, inside CreateTimer.</summary>
    public int FiresOnCreate { get; set; }

    /// <summary>Gets or sets how often a timer's callback runs inline, inside Change.</summary>
    public int FiresOnChange { get; set; }

    /// <summary>Gets or sets what runs inside CreateTimer, before it returns.</summary>
    public Action? OnCreate { get; set; }

    /// <summary>Gets or sets how far the timestamps are from the inner clock's.</summary>
    public TimeSpan Offset { get; set; }

    public int Creates => Volatile.Read(ref _creates);

    public int Changes => Volatile.Read(ref _changes);

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp() + (long)(Offset.Ticks * ((double)inner.TimestampFrequency / TimeSpan.TicksPerSecond));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _creates);
        OnCreate?.Invoke();
        if (CreateThrows is { } failure)
        {
            throw failure;
        }

        var timer = new Timer(this, inner.CreateTimer(callback, state, dueTime, period), callback, state);
        for (var i = 0; i < FiresOnCreate; i++)
        {
            callback(state);
        }

        return timer;
    }

    private sealed class Timer(ScriptedClock clock, ITimer inner, TimerCallback callback, object? state) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref clock._changes);
            if (clock.ChangeThrows is { } failure)
            {
                throw failure;
            }

            var changed = inner.Change(dueTime, period);
            for (var i = 0; i < clock.FiresOnChange && clock.Changes < 10_000; i++)
            {
                callback(state);
            }

            return changed;
        }

        public void Dispose()
        {
            inner.Dispose();
            if (clock.DisposeThrows)
            {
                throw new InvalidOperationException("a broken timer Dispose");
            }
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
