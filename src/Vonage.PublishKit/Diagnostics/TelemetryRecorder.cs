using System;
using System.Collections.Generic;
using System.Diagnostics;
using Vonage.PublishKit.Internal;

namespace Vonage.PublishKit.Diagnostics;

/// <summary>
/// Every span and metric the orchestrator records, each call guarded: an app's <see cref="ActivityListener"/>
/// or <see cref="System.Diagnostics.Metrics.MeterListener"/> runs inside these calls, and one that throws loses
/// its own record and nothing else, exactly like a throwing logger (<see cref="GuardedLogger"/>).
/// </summary>
internal sealed class TelemetryRecorder(PublishKitMetrics? metrics, TimeProvider timeProvider)
{
    /// <summary>Gets a value indicating whether any listener may record the library's spans; without one no span starts, and nothing reads the current one.</summary>
    public static bool Tracing => PublishKitActivities.Source.HasListeners();

    public static Activity? StartPublish(PublishAttempt attempt)
    {
        if (!Tracing)
        {
            return null;
        }

        var previous = Activity.Current;
        try
        {
            return PublishKitActivities.StartPublish(attempt);
        }
        catch (Exception)
        {
            // A listener threw from ActivityStarted after the span became current.
            Activity.Current = previous;
            return null;
        }
    }

    public static Activity? StartAttempt(int tryNumber, bool isRepublish)
    {
        var activity = Start(PublishKitActivities.Attempt);
        SetTag(activity, TagNames.Attempt, tryNumber);
        SetTag(activity, TagNames.Republish, isRepublish);
        return activity;
    }

    public static Activity? StartPhase(PublishPhase phase) => Start(PublishKitActivities.NameOf(phase));

    public static void Stop(Activity? activity)
    {
        if (activity is null)
        {
            return;
        }

        try
        {
            activity.Dispose();
        }
        catch (Exception)
        {
            // A listener threw from ActivityStopped before the parent became current again.
            if (ReferenceEquals(Activity.Current, activity))
            {
                Activity.Current = activity.Parent;
            }
        }
    }

    // Value-typed tags are boxed only when a span is recorded.
    public static void SetTag(Activity? activity, string name, bool value)
    {
        if (activity is not null)
        {
            SetTag(activity, name, (object)value);
        }
    }

    public static void SetTag(Activity? activity, string name, int value)
    {
        if (activity is not null)
        {
            SetTag(activity, name, (object)value);
        }
    }

    public static void SetTag(Activity? activity, string name, object? value)
    {
        try
        {
            activity?.SetTag(name, value);
        }
        catch (Exception)
        {
            // Tags call no listener; guarded all the same, as every telemetry call here is.
        }
    }

    public static void SpanFailed(Activity? activity, PublishException failure)
    {
        try
        {
            PublishKitActivities.RecordFailure(activity, failure);
        }
        catch (Exception)
        {
            // The span loses its status; the outcome stands.
        }
    }

    public static void SpanCanceled(Activity? activity)
    {
        try
        {
            PublishKitActivities.RecordCanceled(activity);
        }
        catch (Exception)
        {
            // The span loses its status; the outcome stands.
        }
    }

    public static void RetryEvent(int attempt, TimeSpan delay, PublishErrorKind kind)
    {
        try
        {
            Activity.Current?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection
            {
                [TagNames.Attempt] = attempt,
                [TagNames.RetryDelay] = delay.TotalSeconds,
                [TagNames.ErrorType] = TagValues.Of(kind),
            }));
        }
        catch (Exception)
        {
            // The span loses its event; the retry goes on.
        }
    }

    /// <summary>Records the end of a publish (a call or a republish): its duration, and a republish's outcome.</summary>
    public void PublishEnded(bool isRepublish, long started, string outcome, string? errorType)
    {
        if (metrics is null)
        {
            // Stryker disable once Statement : without it, each use of the missing instruments below throws inside its own catch-all guard; nothing else differs.
            return;
        }

        try
        {
            if (metrics.PublishDuration.Enabled)
            {
                metrics.PublishDuration.Record(
                    Clock.Since(timeProvider, started).TotalSeconds,
                    new KeyValuePair<string, object?>(TagNames.Outcome, outcome),
                    new KeyValuePair<string, object?>(TagNames.Republish, isRepublish),
                    new KeyValuePair<string, object?>(TagNames.ErrorType, errorType));
            }
        }
        catch (Exception)
        {
            // A listener threw: this measurement is lost, the next one still goes.
        }

        try
        {
            if (isRepublish && outcome != TagValues.Canceled && metrics.Republishes.Enabled)
            {
                metrics.Republishes.Add(1, new KeyValuePair<string, object?>(TagNames.Outcome, outcome));
            }
        }
        catch (Exception)
        {
            // As above.
        }
    }

    /// <summary>Counts the end of one try, and for a failed one its error.</summary>
    public void AttemptEnded(bool isRepublish, string outcome, PublishException? failure)
    {
        if (metrics is null)
        {
            // Stryker disable once Statement : without it, each use of the missing instruments below throws inside its own catch-all guard; nothing else differs.
            return;
        }

        try
        {
            if (metrics.Attempts.Enabled)
            {
                metrics.Attempts.Add(1, new KeyValuePair<string, object?>(TagNames.Outcome, outcome), new KeyValuePair<string, object?>(TagNames.Republish, isRepublish));
            }
        }
        catch (Exception)
        {
            // A listener threw: this measurement is lost, the next one still goes.
        }

        if (failure is not null)
        {
            try
            {
                metrics.RecordFailure(failure);
            }
            catch (Exception)
            {
                // As above.
            }
        }
    }

    public void PhaseEnded(PublishPhase phase, TimeSpan elapsed, string outcome)
    {
        try
        {
            if (metrics is { PhaseDuration.Enabled: true })
            {
                metrics.PhaseDuration.Record(
                    elapsed.TotalSeconds,
                    new KeyValuePair<string, object?>(TagNames.Phase, TagValues.Of(phase)),
                    new KeyValuePair<string, object?>(TagNames.Outcome, outcome));
            }
        }
        catch (Exception)
        {
            // A listener threw: this measurement is lost, the phase's outcome stands.
        }
    }

    public void Retried(PublishErrorKind kind, bool isRepublish)
    {
        try
        {
            if (metrics is { Retries.Enabled: true })
            {
                metrics.Retries.Add(1, new KeyValuePair<string, object?>(TagNames.ErrorType, TagValues.Of(kind)), new KeyValuePair<string, object?>(TagNames.Republish, isRepublish));
            }
        }
        catch (Exception)
        {
            // A listener threw: this measurement is lost, the retry goes on.
        }
    }

    public void StreamLost(StreamDestroyedReason reason)
    {
        try
        {
            if (metrics is { StreamsLost.Enabled: true })
            {
                metrics.StreamsLost.Add(1, new KeyValuePair<string, object?>(TagNames.Reason, TagValues.Of(reason)));
            }
        }
        catch (Exception)
        {
            // A listener threw: this measurement is lost, the stream is still released.
        }
    }

    private static Activity? Start(string name)
    {
        if (!Tracing)
        {
            return null;
        }

        var previous = Activity.Current;
        try
        {
            return PublishKitActivities.Source.StartActivity(name);
        }
        catch (Exception)
        {
            Activity.Current = previous;
            return null;
        }
    }
}
