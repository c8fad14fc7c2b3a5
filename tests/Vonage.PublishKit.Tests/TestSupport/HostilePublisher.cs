using System;
using System.Threading;
using System.Threading.Tasks;
using Vonage.PublishKit.Testing;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>How a <see cref="HostilePublisher"/> disposes.</summary>
internal enum DisposeBehavior
{
    AtOnce,
    Slowly,
    Never,
}

/// <summary>
/// A fake publisher whose adapter members misbehave as a test says: a disposal that takes its time or never
/// completes, a <see cref="IPublisher.StreamId"/> or an event accessor that throws. It tells the
/// <see cref="CameraLedger"/> when it holds the camera.
/// </summary>
internal sealed class HostilePublisher(PublisherSettings settings, TimeProvider timeProvider, CameraLedger ledger) : FakePublisher(settings, timeProvider), IPublisher
{
    private int _holding;

    event EventHandler<StreamDestroyedEventArgs>? IPublisher.StreamDestroyed
    {
        add
        {
            if (AddThrows)
            {
                throw new InvalidOperationException("a broken add accessor");
            }

            StreamDestroyed += value;
        }

        remove
        {
            if (!RemoveIgnored)
            {
                StreamDestroyed -= value;
            }

            if (RemoveThrows)
            {
                throw new InvalidOperationException("a broken remove accessor");
            }
        }
    }

    public DisposeBehavior Disposal { get; set; }

    /// <summary>Gets or sets how long a slow disposal takes, in virtual time.</summary>
    public TimeSpan SlowDisposal { get; set; } = TimeSpan.FromSeconds(2);

    public bool StreamIdThrows { get; set; }

    public bool AddThrows { get; set; }

    public bool RemoveThrows { get; set; }

    /// <summary>Gets or sets a value indicating whether a removed handler is still called: an SDK event already on its way as it was detached.</summary>
    public bool RemoveIgnored { get; set; }

    /// <summary>Gets or sets what runs synchronously when <see cref="InitializeAsync"/> is called, before it returns its task.</summary>
    public Action? BeforeInitialize { get; set; }

    /// <summary>Gets or sets what runs synchronously when <see cref="DisposeAsync"/> is called, before it returns its task.</summary>
    public Action? BeforeDispose { get; set; }

    /// <summary>Gets or sets a task the disposal waits for after its own work (a disposal that fails late, say).</summary>
    public Func<Task>? DisposeWith { get; set; }

    public override string? StreamId
    {
        get => StreamIdThrows ? throw new InvalidOperationException("a broken StreamId") : base.StreamId;
        set => base.StreamId = value;
    }

    public override Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _holding, 1) == 0)
        {
            ledger.Acquire();
        }

        BeforeInitialize?.Invoke();
        return base.InitializeAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        // Runs before the first await: synchronously, on the caller's thread, before the task is returned.
        BeforeDispose?.Invoke();
        await base.DisposeAsync().ConfigureAwait(false);
        if (DisposeWith is { } then)
        {
            await then().ConfigureAwait(false);
        }

        switch (Disposal)
        {
            case DisposeBehavior.Slowly:
                // Freed by the timer itself, as the clock advances: ordered in virtual time against the orchestrator's
                // release bound (armed after this), not by when a thread-pool continuation gets to run on a busy machine.
                var freed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                using (TimeProvider.CreateTimer(
                    static state =>
                    {
                        var (publisher, freed) = ((HostilePublisher, TaskCompletionSource))state!;
                        publisher.Free();
                        freed.TrySetResult();
                    },
                    (this, freed),
                    SlowDisposal,
                    Timeout.InfiniteTimeSpan))
                {
                    await freed.Task.ConfigureAwait(false);
                }

                break;
            case DisposeBehavior.Never:
                // An abandoned disposal may release the camera whenever; the orchestrator may go on.
                Free();
                await new TaskCompletionSource().Task.ConfigureAwait(false);
                break;
        }

        Free();
    }

    private void Free()
    {
        if (Interlocked.Exchange(ref _holding, 0) == 1)
        {
            ledger.Release();
        }
    }
}
