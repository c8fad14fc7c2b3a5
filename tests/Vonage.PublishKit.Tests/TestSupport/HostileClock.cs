using System;
using System.Threading;
using Microsoft.Extensions.Time.Testing;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>A clock over a <see cref="FakeTimeProvider"/> whose members throw when a test says.</summary>
internal sealed class HostileClock(FakeTimeProvider inner) : TimeProvider
{
    public bool ThrowOnTimestamp { get; set; }

    public bool ThrowOnCreateTimer { get; set; }

    public bool ThrowOnFrequency { get; set; }

    public override long TimestampFrequency => ThrowOnFrequency ? throw new InvalidOperationException("a broken clock") : inner.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => ThrowOnTimestamp ? throw new InvalidOperationException("a broken clock") : inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        ThrowOnCreateTimer ? throw new InvalidOperationException("a broken timer") : inner.CreateTimer(callback, state, dueTime, period);
}
