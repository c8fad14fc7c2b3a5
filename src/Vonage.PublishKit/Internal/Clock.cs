using System;

namespace Vonage.PublishKit.Internal;

/// <summary>
/// Reads the app's <see cref="TimeProvider"/> for measured durations only, guarded: a clock that throws costs
/// a duration (reported as zero), never an outcome or a release.
/// </summary>
internal static class Clock
{
    public static long Timestamp(TimeProvider timeProvider)
    {
        try
        {
            return timeProvider.GetTimestamp();
        }
        // Stryker disable once Block : an emptied block returns default(long), which is this block's 0.
        catch (Exception)
        {
            return 0;
        }
    }

    /// <summary>The time between two timestamps of the same clock: arithmetic, no read of the clock.</summary>
    public static TimeSpan Between(TimeProvider timeProvider, long started, long ended)
    {
#if NET7_0_OR_GREATER
        // A multiplication by the system clock's known frequency, instead of a virtual call and a division.
        if (ReferenceEquals(timeProvider, TimeProvider.System))
        // Stryker disable once Block : without the shortcut the provider computes the same duration.
        {
            return System.Diagnostics.Stopwatch.GetElapsedTime(started, ended);
        }
#endif

        try
        {
            return timeProvider.GetElapsedTime(started, ended);
        }
        // Stryker disable once Block : an emptied block returns default(TimeSpan), which is this block's TimeSpan.Zero.
        catch (Exception)
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>
    /// The timestamp of the current step of a try, read once however many of its phases end in it (a read costs
    /// more than the rest of a phase): <paramref name="now"/> is <see cref="Unread"/> until then.
    /// </summary>
    public static long Now(TimeProvider timeProvider, ref long now)
    {
        if (now == Unread)
        {
            now = Timestamp(timeProvider);
        }

        return now;
    }

    /// <summary>A timestamp not read yet, for <see cref="Now"/>.</summary>
    public const long Unread = long.MinValue;

    public static TimeSpan Since(TimeProvider timeProvider, long started)
    {
        try
        {
            return timeProvider.GetElapsedTime(started);
        }
        // Stryker disable once Block : an emptied block returns default(TimeSpan), which is this block's TimeSpan.Zero.
        catch (Exception)
        {
            return TimeSpan.Zero;
        }
    }
}
