using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.Extensions.Time.Testing;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>
/// A clock over a <see cref="FakeTimeProvider"/> that records every timer armed through it (its due times, and
/// whether it was disposed), refuses a due time no real timer takes (as <see cref="System.Threading.Timer"/> does),
/// and can misbehave as a test says: read earlier than the fake's time, or jump forward the moment a timer is armed.
/// </summary>
internal sealed class RecordingClock(FakeTimeProvider inner) : TimeProvider
{
    /// <summary>The longest due time a <see cref="System.Threading.Timer"/> takes.</summary>
    public static readonly TimeSpan MaxDue = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly List<RecordedTimer> _timers = [];

    /// <summary>Gets or sets how far behind the fake's time the timestamps read (a clock set back).</summary>
    public TimeSpan Behind { get; set; }

    /// <summary>Gets or sets a value indicating whether the next timer armed sees the clock jump to its due time as it is armed (a machine that slept then).</summary>
    public bool JumpOnNextTimer { get; set; }

    public override long TimestampFrequency => inner.TimestampFrequency;

    /// <summary>Gets every due time armed, in order, by creation or by <see cref="ITimer.Change"/>.</summary>
    public IReadOnlyList<TimeSpan> DueTimes
    {
        get
        {
            lock (_timers)
            {
                return _timers.SelectMany(t => t.DueTimes).ToArray();
            }
        }
    }

    public IReadOnlyList<RecordedTimer> Timers
    {
        get
        {
            lock (_timers)
            {
                return _timers.ToArray();
            }
        }
    }

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() - Behind;

    public override long GetTimestamp() => inner.GetTimestamp() - (long)(Behind.TotalSeconds * inner.TimestampFrequency);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Validate(dueTime);
        var timer = new RecordedTimer(inner.CreateTimer(callback, state, dueTime, period), dueTime);
        lock (_timers)
        {
            _timers.Add(timer);
        }

        if (JumpOnNextTimer)
        {
            JumpOnNextTimer = false;
            inner.Advance(dueTime);
        }

        return timer;
    }

    private static void Validate(TimeSpan dueTime)
    {
        if (dueTime != Timeout.InfiniteTimeSpan && (dueTime < TimeSpan.Zero || dueTime > MaxDue))
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "A timer takes no longer due time.");
        }
    }

    internal sealed class RecordedTimer(ITimer inner, TimeSpan dueTime) : ITimer
    {
        private readonly List<TimeSpan> _dueTimes = [dueTime];

        public IReadOnlyList<TimeSpan> DueTimes
        {
            get
            {
                lock (_dueTimes)
                {
                    return _dueTimes.ToArray();
                }
            }
        }

        public bool Disposed { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Validate(dueTime);
            lock (_dueTimes)
            {
                _dueTimes.Add(dueTime);
            }

            return inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            Disposed = true;
            inner.Dispose();
        }

        public System.Threading.Tasks.ValueTask DisposeAsync()
        {
            Disposed = true;
            return inner.DisposeAsync();
        }
    }
}
