using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>A session and a publisher factory whose calls return what a test says (completed at once by default).</summary>
internal sealed class ScriptedSeams : ISession, IPublisherFactory
{
    private readonly ConcurrentQueue<Pub> _created = new();
    private readonly ConcurrentQueue<IPublisher> _unpublished = new();
    private volatile bool _isConnected;
    private int _publishCalls;
    private int _publishCallsOnDisposed;

    public event EventHandler<SessionDisconnectedEventArgs>? Disconnected { add { } remove { } }

    public event EventHandler? Reconnecting { add { } remove { } }

    public event EventHandler? Reconnected { add { } remove { } }

    public CameraLedger Camera { get; } = new();

    public Func<Pub, CancellationToken, Task>? Initialize { get; set; }

    public Func<CancellationToken, Task>? Connect { get; set; }

    public Func<Pub, CancellationToken, Task>? Publish { get; set; }

    public bool IsConnected
    {
        get => _isConnected;
        set => _isConnected = value;
    }

    public Pub[] Created => _created.ToArray();

    public IPublisher[] Unpublished => _unpublished.ToArray();

    public int PublishCalls => Volatile.Read(ref _publishCalls);

    public int PublishCallsOnDisposed => Volatile.Read(ref _publishCallsOnDisposed);

    public IPublisher CreatePublisher(PublisherSettings settings)
    {
        var publisher = new Pub(this, _created.Count + 1);
        _created.Enqueue(publisher);
        return publisher;
    }

    public Task ConnectAsync(string token, CancellationToken cancellationToken = default)
    {
        var task = Connect?.Invoke(cancellationToken) ?? Task.CompletedTask;
        _ = task.ContinueWith(_ => IsConnected = true, CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    public Task PublishAsync(IPublisher publisher, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _publishCalls);
        if (((Pub)publisher).DisposeCount > 0)
        {
            Interlocked.Increment(ref _publishCallsOnDisposed);
        }

        var task = Publish?.Invoke((Pub)publisher, cancellationToken) ?? Task.CompletedTask;
        _ = task.ContinueWith(_ => ((Pub)publisher).LiveOnSession = true, CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    public Task UnpublishAsync(IPublisher publisher, CancellationToken cancellationToken = default)
    {
        _unpublished.Enqueue(publisher);
        ((Pub)publisher).LiveOnSession = false;
        return Task.CompletedTask;
    }

    public sealed class Pub(ScriptedSeams seams, int number) : IPublisher
    {
        private int _holding;
        private int _disposeCount;

        public event EventHandler<StreamDestroyedEventArgs>? StreamDestroyed { add { } remove { } }

        public string? StreamId => "stream-" + number;

        public int DisposeCount => Volatile.Read(ref _disposeCount);

        /// <summary>Gets or sets a value indicating whether the session published this publisher and has not unpublished it since.</summary>
        public bool LiveOnSession { get; set; }

        public Task InitializeAsync(CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _holding, 1) == 0)
            {
                seams.Camera.Acquire();
            }

            return seams.Initialize?.Invoke(this, cancellationToken) ?? Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            Interlocked.Increment(ref _disposeCount);
            if (Interlocked.Exchange(ref _holding, 0) == 1)
            {
                seams.Camera.Release();
            }

            return default;
        }
    }
}
