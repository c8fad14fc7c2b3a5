using System;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Vonage.PublishKit.Internal;

/// <summary>Every log message of the library, with fixed event ids. None of them takes the session token.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Publish attempt started (session already connected: {SessionConnected}).", EventName = "PublishStarted")]
    public static partial void PublishStarted(ILogger logger, bool sessionConnected);

    [LoggerMessage(2, LogLevel.Debug, "{Phase} phase completed in {ElapsedMs} ms.", EventName = "PhaseCompleted")]
    private static partial void PhaseCompleted(ILogger logger, PublishPhase phase, double elapsedMs);

    /// <summary>Rounds the duration only for a logger that records it: on every publish, the rounding costs more than the check.</summary>
    public static void PhaseCompleted(ILogger logger, PublishPhase phase, TimeSpan elapsed)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            PhaseCompleted(logger, phase, Milliseconds(elapsed));
        }
    }

    [LoggerMessage(3, LogLevel.Information, "Published stream {StreamId} in {ElapsedMs} ms.", EventName = "Published")]
    private static partial void Published(ILogger logger, string? streamId, double elapsedMs);

    /// <summary>Rounds the duration only for a logger that records it, as <see cref="PhaseCompleted(ILogger, PublishPhase, TimeSpan)"/>.</summary>
    public static void Published(ILogger logger, PublishedStream stream)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            Published(logger, stream.StreamId, Milliseconds(stream.TotalDuration));
        }
    }

    /// <summary>A duration as logged: milliseconds to one decimal.</summary>
    public static double Milliseconds(TimeSpan duration) => Math.Round(duration.TotalMilliseconds, 1);

    [LoggerMessage(4, LogLevel.Warning, "Publish failed in the {Phase} phase: {Kind} ({SdkError}, transient {IsTransient}).", EventName = "PublishFailed")]
    private static partial void PublishFailed(ILogger logger, PublishPhase phase, PublishErrorKind kind, string sdkError, bool isTransient);

    [LoggerMessage(5, LogLevel.Information, "The {Phase} phase also failed ({Kind}, {SdkError}); the {PrimaryPhase} failure takes precedence.", EventName = "ConcurrentFailure")]
    private static partial void ConcurrentFailure(ILogger logger, PublishPhase phase, PublishErrorKind kind, string sdkError, PublishPhase primaryPhase);

    [LoggerMessage(6, LogLevel.Information, "Publish attempt canceled: {Reason}.", EventName = "PublishCanceled")]
    public static partial void PublishCanceled(ILogger logger, string reason);

    [LoggerMessage(7, LogLevel.Warning, "Published stream {StreamId} lost to the network.", EventName = "StreamLost")]
    public static partial void StreamLost(ILogger logger, string? streamId);

    [LoggerMessage(8, LogLevel.Information, "Published stream {StreamId} ended: {Reason}.", EventName = "StreamEnded")]
    public static partial void StreamEnded(ILogger logger, string? streamId, StreamDestroyedReason reason);

    [LoggerMessage(9, LogLevel.Information, "Unpublished stream {StreamId}.", EventName = "Unpublished")]
    public static partial void Unpublished(ILogger logger, string? streamId);

    [LoggerMessage(10, LogLevel.Warning, "The session did not confirm unpublishing stream {StreamId}; the publisher is released anyway.", EventName = "UnpublishFailed")]
    public static partial void UnpublishFailed(ILogger logger, string? streamId, Exception exception);

    [LoggerMessage(11, LogLevel.Warning, "Disposing a publisher failed.", EventName = "PublisherDisposeFailed")]
    public static partial void PublisherDisposeFailed(ILogger logger, Exception exception);

    [LoggerMessage(12, LogLevel.Error, "A {EventName} event handler threw; the orchestrator ignored it.", EventName = "EventHandlerFailed")]
    public static partial void EventHandlerFailed(ILogger logger, string eventName, Exception exception);

    [LoggerMessage(13, LogLevel.Debug, "The abandoned {Phase} operation failed after the orchestrator stopped waiting for it.", EventName = "AbandonedOperationFailed")]
    public static partial void AbandonedOperationFailed(ILogger logger, PublishPhase phase, Exception exception);

    [LoggerMessage(14, LogLevel.Warning, "The {Phase} phase timed out after {TimeoutMs} ms.", EventName = "PhaseTimedOut")]
    public static partial void PhaseTimedOut(ILogger logger, PublishPhase phase, double timeoutMs);

    [LoggerMessage(15, LogLevel.Information, "Attempt {AttemptNumber} failed ({Kind}); retrying in {DelayMs} ms (republish: {IsRepublish}).", EventName = "Retrying")]
    public static partial void Retrying(ILogger logger, int attemptNumber, double delayMs, PublishErrorKind kind, bool isRepublish);

    [LoggerMessage(16, LogLevel.Warning, "The session lost its connection; the SDK is reconnecting.", EventName = "SessionReconnecting")]
    public static partial void SessionReconnecting(ILogger logger);

    [LoggerMessage(17, LogLevel.Information, "The SDK reconnected the session.", EventName = "SessionReconnected")]
    public static partial void SessionReconnected(ILogger logger);

    [LoggerMessage(18, LogLevel.Warning, "A publisher did not finish disposing within {TimeoutMs} ms; it is abandoned and counts as released.", EventName = "PublisherDisposeAbandoned")]
    public static partial void PublisherDisposeAbandoned(ILogger logger, double timeoutMs);

    [LoggerMessage(19, LogLevel.Warning, "Detaching from an adapter's {EventName} event threw; the orchestrator goes on.", EventName = "DetachFailed")]
    public static partial void DetachFailed(ILogger logger, string eventName, Exception exception);

    [LoggerMessage(20, LogLevel.Warning, "The token provider did not return a token within {TimeoutMs} ms.", EventName = "TokenProviderTimedOut")]
    public static partial void TokenProviderTimedOut(ILogger logger, double timeoutMs);

    [LoggerMessage(21, LogLevel.Warning, "Reading the publisher's stream id threw; it is logged as unknown.", EventName = "StreamIdFailed")]
    public static partial void StreamIdFailed(ILogger logger, Exception exception);

    public static void PublishFailed(ILogger logger, PublishException failure)
    {
        if (logger.IsEnabled(LogLevel.Warning))
        {
            PublishFailed(logger, failure.Phase, failure.Kind, SdkErrorOf(failure), failure.IsTransient);
        }
    }

    public static void ConcurrentFailure(ILogger logger, PublishException concurrent, PublishPhase primaryPhase)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            ConcurrentFailure(logger, concurrent.Phase, concurrent.Kind, SdkErrorOf(concurrent), primaryPhase);
        }
    }

    /// <summary>"SDK error 1500 OT_USER_MEDIA_ACCESS_DENIED", or "no SDK error": no "(null)" in a log line.</summary>
    private static string SdkErrorOf(PublishException failure) => (failure.SdkErrorCode, failure.SdkErrorName) switch
    {
        (null, null) => "no SDK error",
        ({ } code, null) => "SDK error " + code.ToString(CultureInfo.InvariantCulture),
        (null, { } name) => "SDK error " + name,
        ({ } code, { } name) => "SDK error " + code.ToString(CultureInfo.InvariantCulture) + " " + name,
    };
}
