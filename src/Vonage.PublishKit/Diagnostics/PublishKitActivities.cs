using System.Diagnostics;
using Vonage.PublishKit.Internal;

namespace Vonage.PublishKit.Diagnostics;

/// <summary>
/// The library's spans: one per publish (a call or a republish), a child per attempt, and a child per phase.
/// <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null when nobody listens, so
/// unobserved tracing costs a null check. Listeners run inside these calls: only <see cref="TelemetryRecorder"/>
/// calls them, guarded.
/// </summary>
internal static class PublishKitActivities
{
    public const string Publish = "Vonage.PublishKit.Publish";
    public const string Attempt = "Vonage.PublishKit.Attempt";
    public const string Initialize = "Vonage.PublishKit.Initialize";
    public const string Connect = "Vonage.PublishKit.Connect";
    public const string PublishStream = "Vonage.PublishKit.PublishStream";

    public static readonly ActivitySource Source = new(PublishKitTelemetry.Name, typeof(PublishKitActivities).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// Starts the span of a publish. A republish starts on whatever thread reported the loss, so it is a trace
    /// of its own, linked to the publish whose stream was lost.
    /// </summary>
    public static Activity? StartPublish(PublishAttempt attempt)
    {
        Activity? activity;
        if (attempt.IsRepublish)
        {
            Activity.Current = null;
            var lost = attempt.LostTrace;
            activity = Source.StartActivity(Publish, ActivityKind.Internal, default(ActivityContext), links: lost == default ? null : [new ActivityLink(lost)]);
        }
        else
        {
            activity = Source.StartActivity(Publish);
        }

        if (activity is not null)
        {
            attempt.TraceContext = activity.Context;
            activity.SetTag(TagNames.Republish, attempt.IsRepublish);
        }

        return activity;
    }

    public static string NameOf(PublishPhase phase) => phase switch
    {
        PublishPhase.Initialize => Initialize,
        PublishPhase.Connect => Connect,
        _ => PublishStream,
    };

    /// <summary>Marks the span failed with the error's kind, phase and SDK code; never its message text beyond the developer message.</summary>
    public static void RecordFailure(Activity? activity, PublishException exception)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, exception.Kind.ToString());
        activity.SetTag(TagNames.ErrorType, TagValues.Of(exception.Kind));
        activity.SetTag(TagNames.Phase, TagValues.Of(exception.Phase));
        activity.SetTag(TagNames.Transient, exception.IsTransient);
        if (exception.SdkErrorCode is { } code)
        {
            activity.SetTag(TagNames.SdkErrorCode, code);
        }

        if (exception.SdkErrorName is { } name)
        {
            activity.SetTag(TagNames.SdkErrorName, name);
        }
    }

    public static void RecordCanceled(Activity? activity)
    {
        activity?.SetStatus(ActivityStatusCode.Error, "canceled");
        activity?.SetTag(TagNames.ErrorType, TagValues.Canceled);
    }
}
