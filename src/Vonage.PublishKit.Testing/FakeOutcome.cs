using System;
using System.Globalization;
using System.Threading;

namespace Vonage.PublishKit.Testing;

/// <summary>
/// What one call to a fake does: succeed, fail with an error, or hang until canceled, optionally after a
/// delay measured on the fake's <see cref="TimeProvider"/>. Immutable; <see cref="After"/> returns a copy.
/// </summary>
public sealed class FakeOutcome
{
    private readonly Func<PublishPhase, Exception>? _error;

    private FakeOutcome(TimeSpan delay, bool hangs, Func<PublishPhase, Exception>? error, string description)
    {
        Delay = delay;
        Hangs = hangs;
        _error = error;
        Description = description;
    }

    /// <summary>Gets how long the call takes before it succeeds or fails.</summary>
    public TimeSpan Delay { get; }

    /// <summary>Gets a value indicating whether the call never completes on its own (only cancellation ends it).</summary>
    public bool Hangs { get; }

    /// <summary>Gets a value indicating whether the call fails.</summary>
    public bool Fails => _error is not null;

    private string Description { get; }

    /// <summary>The call succeeds at once.</summary>
    /// <returns>The outcome.</returns>
    public static FakeOutcome Succeed() => new(TimeSpan.Zero, hangs: false, null, "succeed");

    /// <summary>
    /// The call fails with an error of <paramref name="kind"/>, built by <see cref="PublishErrors"/> exactly as
    /// the SDK adapter would build it, afresh for every call.
    /// </summary>
    /// <param name="kind">The kind of error.</param>
    /// <returns>The outcome.</returns>
    public static FakeOutcome Fail(PublishErrorKind kind) => new(TimeSpan.Zero, hangs: false, phase => ErrorOf(kind, phase), "fail with " + kind);

    /// <summary>The call fails with an SDK error code and name, mapped by <see cref="PublishErrors.FromSdkError"/> in the call's phase.</summary>
    /// <param name="sdkErrorCode">The SDK's numeric code, if any.</param>
    /// <param name="sdkErrorName">The SDK's error name, if any.</param>
    /// <returns>The outcome.</returns>
    public static FakeOutcome FailWithSdkError(int? sdkErrorCode, string? sdkErrorName) =>
        new(TimeSpan.Zero, hangs: false, phase => PublishErrors.FromSdkError(sdkErrorCode, sdkErrorName, null, phase), $"fail with SDK error {sdkErrorCode} {sdkErrorName}".TrimEnd());

    /// <summary>The call fails with <paramref name="exception"/> (the same instance every time).</summary>
    /// <param name="exception">The exception to throw.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is <see langword="null"/>.</exception>
    public static FakeOutcome Fail(Exception exception)
    {
        if (exception is null)
        {
            throw new ArgumentNullException(nameof(exception));
        }

        return new(TimeSpan.Zero, hangs: false, _ => exception, "fail with " + exception.GetType().Name);
    }

    /// <summary>The call never completes on its own: it ends only when its cancellation token is canceled.</summary>
    /// <returns>The outcome.</returns>
    public static FakeOutcome Hang() => new(Timeout.InfiniteTimeSpan, hangs: true, null, "hang");

    /// <summary>Returns the same outcome, reached after <paramref name="delay"/> of the fake's time.</summary>
    /// <param name="delay">How long the call takes; zero or positive.</param>
    /// <returns>A new outcome.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">The outcome hangs, so a delay means nothing.</exception>
    public FakeOutcome After(TimeSpan delay)
    {
        if (delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "The delay must not be negative.");
        }

        if (Hangs)
        {
            throw new InvalidOperationException("A hanging outcome never completes, so it cannot complete after a delay.");
        }

        return new(delay, hangs: false, _error, Description);
    }

    /// <summary>Describes the outcome, for test output.</summary>
    /// <returns>For example "fail with AccessDenied after 1500 ms".</returns>
    public override string ToString() =>
        Delay > TimeSpan.Zero ? string.Format(CultureInfo.InvariantCulture, "{0} after {1:0.###} ms", Description, Delay.TotalMilliseconds) : Description;

    internal Exception? CreateError(PublishPhase phase) => _error?.Invoke(phase);

    private static PublishException ErrorOf(PublishErrorKind kind, PublishPhase phase) => kind switch
    {
        PublishErrorKind.AccessDenied => PublishErrors.AccessDenied(),
        PublishErrorKind.DeviceUnavailable => PublishErrors.NoDevicesFound(),
        PublishErrorKind.NotConnected => PublishErrors.NotConnected(phase == PublishPhase.Publish ? PublishPhase.Publish : PublishPhase.Connect),
        PublishErrorKind.PeerConnectionFailed => PublishErrors.PeerConnectionFailed(),
        PublishErrorKind.AuthenticationFailed => PublishErrors.AuthenticationFailed(),
        PublishErrorKind.ConnectionRejected => PublishErrors.FromSdkError(SdkErrorCodes.ConnectionLimitExceeded, null, "Connection limit exceeded.", phase),
        _ => PublishErrors.FromSdkError(null, null, null, phase),
    };
}
