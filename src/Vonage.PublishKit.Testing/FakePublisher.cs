using System;
using System.Threading;
using System.Threading.Tasks;

namespace Vonage.PublishKit.Testing;

/// <summary>
/// A scriptable, deterministic <see cref="IPublisher"/> that records what happened to it. Its delays run on
/// the given <see cref="TimeProvider"/>, so a <c>FakeTimeProvider</c> controls them.
/// </summary>
/// <remarks>Thread-safe. Events are raised synchronously on the thread that calls the <c>Raise</c> method.</remarks>
public class FakePublisher : IPublisher
{
    private int _disposeCount;
    private volatile bool _initialized;
    private volatile string? _streamId;

    /// <summary>Initializes a new instance with default settings, on the system clock.</summary>
    public FakePublisher()
        : this(new PublisherSettings(), TimeProvider.System)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="settings">The settings it was created with.</param>
    /// <param name="timeProvider">The time its delays run on.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public FakePublisher(PublisherSettings settings, TimeProvider timeProvider)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        TimeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <inheritdoc/>
    public event EventHandler<StreamDestroyedEventArgs>? StreamDestroyed;

    /// <summary>Gets the settings the publisher was created with.</summary>
    public PublisherSettings Settings { get; }

    /// <summary>Gets the time its delays run on.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets the script of <see cref="InitializeAsync"/>.</summary>
    public FakeCallScript Initialize { get; } = new();

    /// <summary>Gets a value indicating whether <see cref="InitializeAsync"/> succeeded.</summary>
    public bool IsInitialized => _initialized;

    /// <summary>Gets or sets the stream id; <see cref="FakeSession"/> sets it when it publishes this publisher.</summary>
    public virtual string? StreamId
    {
        get => _streamId;
        set => _streamId = value;
    }

    /// <summary>Gets how many times <see cref="DisposeAsync"/> was called. Exactly one is what an owner should do.</summary>
    public int DisposeCount => Volatile.Read(ref _disposeCount);

    /// <summary>Gets a value indicating whether <see cref="DisposeAsync"/> was called at least once.</summary>
    public bool IsDisposed => DisposeCount > 0;

    /// <summary>Plays the next outcome of <see cref="Initialize"/>.</summary>
    /// <param name="cancellationToken">Ends a delay or a hang with <see cref="OperationCanceledException"/>.</param>
    /// <returns>A task that completes as scripted.</returns>
    /// <exception cref="ObjectDisposedException">The publisher was disposed.</exception>
    public virtual async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (IsDisposed)
        {
            throw new ObjectDisposedException(nameof(FakePublisher));
        }

        await Initialize.PlayAsync(PublishPhase.Initialize, TimeProvider, cancellationToken).ConfigureAwait(false);
        _initialized = true;
    }

    /// <summary>Raises <see cref="StreamDestroyed"/>, as the SDK does when the published stream ends.</summary>
    /// <param name="reason">Why the stream ended.</param>
    public void RaiseStreamDestroyed(StreamDestroyedReason reason) => StreamDestroyed?.Invoke(this, new StreamDestroyedEventArgs(reason));

    /// <summary>Records the disposal. Disposing twice is counted, not thrown, so a test can assert the count.</summary>
    /// <returns>A completed task.</returns>
    public virtual ValueTask DisposeAsync()
    {
        Interlocked.Increment(ref _disposeCount);
        GC.SuppressFinalize(this);
        return default;
    }
}
