using System;

namespace Vonage.PublishKit;

/// <summary>
/// How <see cref="PublishOrchestrator"/> retries transient failures: exponential backoff with jitter, capped,
/// for a bounded number of attempts. Every retry uses a fresh publisher (the failed one is disposed) and
/// keeps a session that is already connected.
/// </summary>
/// <remarks>
/// Only failures whose <see cref="PublishException.IsTransient"/> is true are retried:
/// <see cref="NotConnectedException"/>, <see cref="PeerConnectionFailedException"/> (including the publish
/// watchdog), connect timeouts and transient unknown SDK errors. Denied access, missing devices and rejected
/// credentials are never retried: they need someone to act.
/// </remarks>
public sealed class PublishRetryOptions
{
    /// <summary>The default <see cref="MaxRetryAttempts"/>: 3, so at most 4 attempts.</summary>
    public const int DefaultMaxRetryAttempts = 3;

    /// <summary>The default <see cref="BaseDelay"/>: 1 second.</summary>
    public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromSeconds(1);

    /// <summary>The default <see cref="MaxDelay"/>: 15 seconds.</summary>
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan MaxSupportedDelay = TimeSpan.FromDays(1);

    /// <summary>Gets or sets how many times a failed attempt is retried; at least 1 (set the option itself to <see langword="null"/> for no retries).</summary>
    /// <value>The default value is 3.</value>
    public int MaxRetryAttempts { get; set; } = DefaultMaxRetryAttempts;

    /// <summary>Gets or sets the delay before the first retry; it doubles for each further retry.</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan BaseDelay { get; set; } = DefaultBaseDelay;

    /// <summary>Gets or sets the longest delay between two attempts.</summary>
    /// <value>The default value is 15 seconds.</value>
    public TimeSpan MaxDelay { get; set; } = DefaultMaxDelay;

    /// <summary>
    /// Gets or sets a value indicating whether delays are randomized around the exponential curve, so that
    /// many clients that lost the same network do not all come back at the same instant.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool UseJitter { get; set; } = true;

    /// <summary>Throws when a value cannot work; names the option as <paramref name="prefix"/>.Member.</summary>
    internal void Validate(string prefix)
    {
        if (MaxRetryAttempts < 1)
        {
            throw new ArgumentOutOfRangeException($"{prefix}.{nameof(MaxRetryAttempts)}", MaxRetryAttempts, $"{prefix}.{nameof(MaxRetryAttempts)} must be at least 1. To turn retries off, set {prefix} to null.");
        }

        if (BaseDelay <= TimeSpan.Zero || BaseDelay > MaxSupportedDelay)
        {
            throw new ArgumentOutOfRangeException($"{prefix}.{nameof(BaseDelay)}", BaseDelay, $"{prefix}.{nameof(BaseDelay)} must be greater than zero and at most one day.");
        }

        if (MaxDelay < BaseDelay || MaxDelay > MaxSupportedDelay)
        {
            throw new ArgumentOutOfRangeException($"{prefix}.{nameof(MaxDelay)}", MaxDelay, $"{prefix}.{nameof(MaxDelay)} must be at least {prefix}.{nameof(BaseDelay)} and at most one day.");
        }
    }
}
