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
