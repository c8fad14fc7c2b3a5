using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Vonage.PublishKit.Testing.Internal;

namespace Vonage.PublishKit.Testing;

/// <summary>
/// The script of one fake method: outcomes queued for the next calls, then <see cref="Default"/> for every
/// call after them; and how many calls were made.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public class FakeCallScript
{
    private readonly object _gate = new();
    private readonly Queue<FakeOutcome> _queued = new();
    private FakeOutcome _default = FakeOutcome.Succeed();
    private int _calls;

    /// <summary>Gets or sets the outcome of every call once the queued outcomes are used up.</summary>
    /// <value>The default value is <see cref="FakeOutcome.Succeed"/>.</value>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public FakeOutcome Default
    {
        get
        {
            lock (_gate)
            {
                return _default;
            }
        }

        set
        {
            if (value is null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            lock (_gate)
            {
                _default = value;
            }
        }
    }

    /// <summary>Gets how many calls were made.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Queues <paramref name="outcome"/> for the next call that has none queued before it.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>This script, to chain calls.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="outcome"/> is <see langword="null"/>.</exception>
    public FakeCallScript Enqueue(FakeOutcome outcome)
    {
        if (outcome is null)
        {
            throw new ArgumentNullException(nameof(outcome));
        }

        lock (_gate)
        {
            _queued.Enqueue(outcome);
        }

        return this;
    }

    /// <summary>Takes the next outcome without counting a call (to hand it to a new fake).</summary>
    internal FakeOutcome Dequeue()
    {
        lock (_gate)
        {
            return _queued.Count > 0 ? _queued.Dequeue() : _default;
        }
    }

    /// <summary>Counts a call and plays its outcome in <paramref name="timeProvider"/>'s time.</summary>
    internal async Task PlayAsync(PublishPhase phase, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        var outcome = Dequeue();
        cancellationToken.ThrowIfCancellationRequested();
        if (outcome.Hangs || outcome.Delay > TimeSpan.Zero)
        {
            await VirtualDelay.DelayAsync(timeProvider, outcome.Delay, cancellationToken).ConfigureAwait(false);
        }

        if (outcome.CreateError(phase) is { } error)
        {
            throw error;
        }
    }
}
