using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Vonage.PublishKit.Testing;

/// <summary>
/// A scriptable, deterministic <see cref="ISession"/> that records what was published and unpublished, and
/// raises what the SDK raises later (stream destroyed, disconnected, reconnecting, reconnected) on demand or
/// after a delay of its <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>Thread-safe. Events are raised synchronously on the thread that raises them.</remarks>
public class FakeSession : ISession
{
    private readonly object _gate = new();
    private readonly List<IPublisher> _published = [];
    private readonly List<IPublisher> _unpublished = [];
    private volatile bool _isConnected;
    private int _streams;

    /// <summary>Initializes a new instance on the system clock.</summary>
    public FakeSession()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="timeProvider">The time its delays run on.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is <see langword="null"/>.</exception>
    public FakeSession(TimeProvider timeProvider)
    {
        TimeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <inheritdoc/>
    public event EventHandler<SessionDisconnectedEventArgs>? Disconnected;

    /// <inheritdoc/>
    public event EventHandler? Reconnecting;

    /// <inheritdoc/>
    public event EventHandler? Reconnected;

    /// <summary>Gets the time its delays run on.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets or sets a value indicating whether the session is connected. A successful connect sets it.</summary>
    public virtual bool IsConnected
    {
        get => _isConnected;
        set => _isConnected = value;
    }

    /// <summary>Gets the script of <see cref="ConnectAsync"/>.</summary>
    public FakeCallScript Connect { get; } = new();

    /// <summary>Gets the script of <see cref="PublishAsync"/>.</summary>
    public FakeCallScript Publish { get; } = new();

    /// <summary>Gets the script of <see cref="UnpublishAsync"/>.</summary>
    public FakeCallScript Unpublish { get; } = new();

    /// <summary>
    /// Gets or sets how long each published stream lives before the network takes it (its publisher raises
    /// <see cref="IPublisher.StreamDestroyed"/> with <see cref="StreamDestroyedReason.NetworkDisconnected"/>),
    /// or <see langword="null"/> to keep streams until unpublished.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public TimeSpan? LoseStreamsAfter { get; set; }

    /// <summary>Gets the publishers whose publish succeeded, in order.</summary>
    public IReadOnlyList<IPublisher> Published
    {
        get
        {
            lock (_gate)
            {
                return _published.ToArray();
            }
        }
    }

    /// <summary>Gets the publishers whose unpublish succeeded, in order.</summary>
    public IReadOnlyList<IPublisher> Unpublished
    {
        get
        {
            lock (_gate)
            {
                return _unpublished.ToArray();
            }
        }
    }

    /// <summary>Plays the next outcome of <see cref="Connect"/>; on success the session is connected.</summary>
    /// <param name="token">The token; it must not be empty, and the fake never records it.</param>
    /// <param name="cancellationToken">Ends a delay or a hang with <see cref="OperationCanceledException"/>.</param>
    /// <returns>A task that completes as scripted.</returns>
    /// <exception cref="ArgumentException"><paramref name="token"/> is <see langword="null"/> or empty.</exception>
    public virtual async Task ConnectAsync(string token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw new ArgumentException("The token must not be null or empty.", nameof(token));
        }

        await Connect.PlayAsync(PublishPhase.Connect, TimeProvider, cancellationToken).ConfigureAwait(false);
        IsConnected = true;
    }

    /// <summary>
    /// Plays the next outcome of <see cref="Publish"/>; on success assigns a stream id to a
    /// <see cref="FakePublisher"/> and records the publisher. Fails with <c>OT_NOT_CONNECTED</c>, as the SDK
    /// does, when the session is not connected.
    /// </summary>
    /// <param name="publisher">The publisher to publish.</param>
    /// <param name="cancellationToken">Ends a delay or a hang with <see cref="OperationCanceledException"/>.</param>
    /// <returns>A task that completes as scripted.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="publisher"/> is <see langword="null"/>.</exception>
    public virtual async Task PublishAsync(IPublisher publisher, CancellationToken cancellationToken = default)
    {
        if (publisher is null)
        {
            throw new ArgumentNullException(nameof(publisher));
        }

        await Publish.PlayAsync(PublishPhase.Publish, TimeProvider, cancellationToken).ConfigureAwait(false);
        if (!IsConnected)
        {
            throw PublishErrors.NotConnected(PublishPhase.Publish);
        }

        var streamId = "fake-stream-" + Interlocked.Increment(ref _streams).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (publisher is FakePublisher fake)
        {
            fake.StreamId = streamId;
            if (LoseStreamsAfter is { } lifetime)
            {
                ScheduleStreamLoss(fake, streamId, lifetime);
            }
        }

        lock (_gate)
        {
            _published.Add(publisher);
        }
    }

    /// <summary>
    /// Plays the next outcome of <see cref="Unpublish"/>; on success records the publisher and, like the SDK,
    /// raises its <see cref="IPublisher.StreamDestroyed"/> with <see cref="StreamDestroyedReason.ClientDisconnected"/>.
    /// </summary>
    /// <param name="publisher">The publisher to unpublish.</param>
    /// <param name="cancellationToken">Ends a delay or a hang with <see cref="OperationCanceledException"/>.</param>
    /// <returns>A task that completes as scripted.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="publisher"/> is <see langword="null"/>.</exception>
    public virtual async Task UnpublishAsync(IPublisher publisher, CancellationToken cancellationToken = default)
    {
        if (publisher is null)
        {
            throw new ArgumentNullException(nameof(publisher));
        }

        await Unpublish.PlayAsync(PublishPhase.Publish, TimeProvider, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _unpublished.Add(publisher);
        }

        (publisher as FakePublisher)?.RaiseStreamDestroyed(StreamDestroyedReason.ClientDisconnected);
    }

    /// <summary>Disconnects the session and raises <see cref="Disconnected"/>.</summary>
    /// <param name="reason">Why it disconnected.</param>
    public void RaiseDisconnected(DisconnectReason reason)
    {
        IsConnected = false;
        Disconnected?.Invoke(this, new SessionDisconnectedEventArgs(reason));
    }

    /// <summary>Raises <see cref="Reconnecting"/>, as the SDK does when the connection drops and it starts to reconnect.</summary>
    public void RaiseReconnecting() => Reconnecting?.Invoke(this, EventArgs.Empty);

    /// <summary>Raises <see cref="Reconnected"/>, as the SDK does when it reconnected by itself.</summary>
    public void RaiseReconnected()
    {
        IsConnected = true;
        Reconnected?.Invoke(this, EventArgs.Empty);
    }

    private void ScheduleStreamLoss(FakePublisher publisher, string streamId, TimeSpan lifetime)
    {
        ITimer? timer = null;
        timer = TimeProvider.CreateTimer(
            _ =>
            {
                timer?.Dispose();
                bool unpublished;
                lock (_gate)
                {
                    unpublished = _unpublished.Contains(publisher);
                }

                // Only the stream this timer was set for, and only while it still exists.
                if (!unpublished && !publisher.IsDisposed && publisher.StreamId == streamId)
                {
                    publisher.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
                }
            },
            null,
            lifetime,
            Timeout.InfiniteTimeSpan);
    }
}
