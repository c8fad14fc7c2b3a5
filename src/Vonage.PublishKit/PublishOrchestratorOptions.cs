using System;
using System.Diagnostics.Metrics;
using System.Threading;
using System.Threading.Tasks;
using Polly;

namespace Vonage.PublishKit;

/// <summary>Options for a <see cref="PublishOrchestrator"/>. The orchestrator copies them when it is constructed.</summary>
public sealed class PublishOrchestratorOptions
{
    /// <summary>The default <see cref="InitializeTimeout"/>: 30 seconds.</summary>
    /// <remarks>Long enough for a user to answer an operating-system permission prompt.</remarks>
    public static readonly TimeSpan DefaultInitializeTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The default <see cref="ConnectTimeout"/>: 15 seconds.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The default <see cref="PublishTimeout"/>: 15 seconds.</summary>
    /// <remarks>ICE negotiation through TURN normally completes in a few seconds; 15 s leaves room for slow networks.</remarks>
    public static readonly TimeSpan DefaultPublishTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The default <see cref="ReleaseTimeout"/>: 15 seconds.</summary>
    public static readonly TimeSpan DefaultReleaseTimeout = TimeSpan.FromSeconds(15);

    // Timers cannot wait longer than this (about 24.8 days).
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>Gets or sets what each publisher publishes.</summary>
    /// <value>The default value is a new <see cref="PublisherSettings"/>: audio and video.</value>
    public PublisherSettings Publisher { get; set; } = new();

    /// <summary>
    /// Gets or sets how long acquiring the camera and microphone may take. When it elapses, the publish fails
    /// with a <see cref="DeviceUnavailableException"/>. <see cref="Timeout.InfiniteTimeSpan"/> waits forever.
    /// </summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan InitializeTimeout { get; set; } = DefaultInitializeTimeout;

    /// <summary>
    /// Gets or sets how long connecting the session may take. When it elapses, the publish fails with a
    /// <see cref="NotConnectedException"/>. <see cref="Timeout.InfiniteTimeSpan"/> waits forever.
    /// </summary>
    /// <value>The default value is 15 seconds.</value>
    public TimeSpan ConnectTimeout { get; set; } = DefaultConnectTimeout;

    /// <summary>
    /// Gets or sets how long publishing may take once the devices are ready and the session is connected: the
    /// watchdog for the troubleshooting guide's "spinning wheel", when a restrictive firewall blocks WebRTC and
    /// the SDK reports nothing. When it elapses, the publish fails with a transient
    /// <see cref="PeerConnectionFailedException"/>. <see cref="Timeout.InfiniteTimeSpan"/> disables the watchdog.
    /// </summary>
    /// <value>The default value is 15 seconds.</value>
    public TimeSpan PublishTimeout { get; set; } = DefaultPublishTimeout;

    /// <summary>
    /// Gets or sets how long releasing a publisher may take, at each of its two steps: the session confirming an
    /// unpublish, and the publisher's own <see cref="IAsyncDisposable.DisposeAsync"/>. A step that does not finish
    /// in time is abandoned and logged, and the publisher counts as released, so <see cref="PublishOrchestrator.UnpublishAsync"/>,
    /// <see cref="PublishOrchestrator.DisposeAsync"/> and a failed publish always complete. It must be finite.
    /// </summary>
    /// <value>The default value is 15 seconds.</value>
    public TimeSpan ReleaseTimeout { get; set; } = DefaultReleaseTimeout;

    /// <summary>Gets or sets the source of time for timeouts and measured durations.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Gets or sets how transient failures are retried, or <see langword="null"/> to make every publish a single
    /// attempt. Ignored when <see cref="ResiliencePipeline"/> is set.
    /// </summary>
    /// <value>The default value is a new <see cref="PublishRetryOptions"/>: 3 retries, exponential backoff from 1 s, capped at 15 s, with jitter.</value>
    public PublishRetryOptions? Retry { get; set; } = new();

    /// <summary>
    /// Gets or sets a Polly pipeline that replaces the built-in retry strategy: each publish (and republish) runs
    /// its attempts inside it. Throw-based: an attempt fails with a <see cref="PublishException"/> (check
    /// <see cref="PublishException.IsTransient"/>) or an <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: the pipeline is built from <see cref="Retry"/>.</value>
    public ResiliencePipeline? ResiliencePipeline { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether, after raising <see cref="PublishOrchestrator.NetworkDisconnected"/>,
    /// the orchestrator publishes again by itself, with the same retries, until it succeeds
    /// (<see cref="PublishOrchestrator.Republished"/>), gives up (<see cref="PublishOrchestrator.RepublishFailed"/>)
    /// or is stopped by <see cref="PublishOrchestrator.UnpublishAsync"/>, <see cref="PublishOrchestrator.DisposeAsync"/>
    /// or a new <see cref="PublishOrchestrator.PublishAsync"/>.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool RepublishAfterNetworkLoss { get; set; }

    /// <summary>
    /// Gets or sets where republishing gets a fresh session token, since tokens expire. Called once per
    /// republish attempt. When <see langword="null"/>, republishing reuses the token of the last
    /// <see cref="PublishOrchestrator.PublishAsync"/> call.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Func<CancellationToken, ValueTask<string>>? TokenProvider { get; set; }

    /// <summary>
    /// Gets or sets the factory of the <c>Vonage.PublishKit</c> meter, so metrics go through the app's metrics
    /// pipeline; <c>AddPublishKit</c> sets it from dependency injection.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: instruments live on a shared static meter.</value>
    public IMeterFactory? MeterFactory { get; set; }

    /// <summary>Throws when an option has a value the orchestrator cannot work with.</summary>
    internal void Validate()
    {
        Retry?.Validate(nameof(Retry));
        ValidateTimeout(InitializeTimeout, nameof(InitializeTimeout));
        ValidateTimeout(ConnectTimeout, nameof(ConnectTimeout));
        ValidateTimeout(PublishTimeout, nameof(PublishTimeout));
        if (ReleaseTimeout == Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(
                nameof(ReleaseTimeout),
                ReleaseTimeout,
                "PublishOrchestratorOptions.ReleaseTimeout must be finite: UnpublishAsync and DisposeAsync always complete.");
        }

        ValidateTimeout(ReleaseTimeout, nameof(ReleaseTimeout));
        if (TimeProvider is null)
        {
            throw new ArgumentNullException(nameof(TimeProvider), "PublishOrchestratorOptions.TimeProvider must not be null.");
        }

        if (Publisher is null)
        {
            throw new ArgumentNullException(nameof(Publisher), "PublishOrchestratorOptions.Publisher must not be null.");
        }
    }

    private static void ValidateTimeout(TimeSpan value, string name)
    {
        if (value != Timeout.InfiniteTimeSpan && (value <= TimeSpan.Zero || value > MaxTimeout))
        {
            throw new ArgumentOutOfRangeException(
                name,
                value,
                $"PublishOrchestratorOptions.{name} must be greater than zero and at most {MaxTimeout}, or Timeout.InfiniteTimeSpan to wait forever.");
        }
    }
}
