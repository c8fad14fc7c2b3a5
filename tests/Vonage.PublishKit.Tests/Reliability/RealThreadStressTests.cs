using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// Real threads, no virtual time: seams that complete on thread-pool threads or on one dedicated "dispatcher"
/// thread (as the Windows SDK does), with disposal, unpublishing and SDK events racing them. Every wait is
/// bounded, so a deadlock fails the test instead of hanging the run.
/// </summary>
public class RealThreadStressTests
{
    private const int Iterations = 2_000;

    public enum Completion
    {
        ThreadPool,
        Dispatcher,
    }

    [Theory]
    [InlineData(Completion.ThreadPool)]
    [InlineData(Completion.Dispatcher)]
    public async Task PublishRacingDisposeAndSdkEvents_ReleasesEveryPublisherOnce(Completion completion)
    {
        using var dispatcher = new DispatcherThread();
        var random = new Random(42);
        for (var i = 0; i < Iterations; i++)
        {
            var seams = new RacingSeams(completion, dispatcher, random.Next());
            var sut = new PublishOrchestrator(seams, seams, new PublishOrchestratorOptions { Retry = null });
            var publish = Invariants.OneOutcome(sut.PublishAsync("secret-token"));
            var race = random.Next(4) switch
            {
                0 => Task.Run(async () => await sut.DisposeAsync()),
                1 => Task.Run(async () => await sut.UnpublishAsync()),
                2 => Task.Run(seams.LoseStream),
                _ => Task.CompletedTask,
            };

            await Task.WhenAll(publish, race).OrTimeout();
            await sut.DisposeAsync().AsTask().OrTimeout();

            Assert.All(seams.Publishers, p => Assert.Equal(1, p.DisposeCount));
            Assert.Equal(PublishState.Disposed, sut.State);
        }
    }

    [Fact]
    public async Task EventsOnTheDispatcher_NeverBlockIt()
    {
        using var dispatcher = new DispatcherThread();
        for (var i = 0; i < 500; i++)
        {
            var seams = new RacingSeams(Completion.Dispatcher, dispatcher, i);
            await using var sut = new PublishOrchestrator(seams, seams, new PublishOrchestratorOptions { Retry = null, RepublishAfterNetworkLoss = true });
            await Invariants.OneOutcome(sut.PublishAsync("secret-token")).OrTimeout();

            // Handling the loss (and starting the republish) must not hold the dispatcher: work queued after it runs.
            var probe = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            dispatcher.Post(seams.LoseStream);
            dispatcher.Post(probe.SetResult);
            await probe.Task.OrTimeout();
        }
    }

    /// <summary>Session, factory and publishers whose calls complete later on another thread, in random order.</summary>
    private sealed class RacingSeams(Completion completion, DispatcherThread dispatcher, int seed) : ISession, IPublisherFactory
    {
        private readonly Random _random = new(seed);
        private readonly ConcurrentQueue<RacingPublisher> _publishers = new();

        public event EventHandler<SessionDisconnectedEventArgs>? Disconnected;

        public event EventHandler? Reconnecting;

        public event EventHandler? Reconnected;

        public RacingPublisher[] Publishers => _publishers.ToArray();

        public bool IsConnected { get; private set; }

        public IPublisher CreatePublisher(PublisherSettings settings)
        {
            var publisher = new RacingPublisher(this);
            _publishers.Enqueue(publisher);
            return publisher;
        }

        public Task ConnectAsync(string token, CancellationToken cancellationToken = default) => Later(() => IsConnected = true, cancellationToken);

        public Task PublishAsync(IPublisher publisher, CancellationToken cancellationToken = default) =>
            Later(() => ((RacingPublisher)publisher).StreamId = "s", cancellationToken);

        public Task UnpublishAsync(IPublisher publisher, CancellationToken cancellationToken = default) => Later(() => { }, cancellationToken);

        public void LoseStream()
        {
            var last = _publishers.LastOrDefault();
            if (_random.Next(2) == 0 && last is not null)
            {
                last.RaiseDestroyed();
            }
            else
            {
                Reconnecting?.Invoke(this, EventArgs.Empty);
                if (_random.Next(2) == 0)
                {
                    Reconnected?.Invoke(this, EventArgs.Empty);
                }
                else
                {
                    Disconnected?.Invoke(this, new SessionDisconnectedEventArgs(DisconnectReason.NetworkDisconnected));
                }
            }
        }

        public Task Later(Action onSuccess, CancellationToken cancellationToken)
        {
            var completionSource = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var registration = cancellationToken.Register(() => completionSource.TrySetCanceled(cancellationToken));
            Action complete = () =>
            {
                registration.Dispose();
                onSuccess();
                completionSource.TrySetResult();
            };
            if (completion == Completion.Dispatcher)
            {
                dispatcher.Post(complete);
            }
            else
            {
                ThreadPool.UnsafeQueueUserWorkItem(_ => complete(), null);
            }

            return completionSource.Task;
        }
    }

    private sealed class RacingPublisher(RacingSeams seams) : IPublisher
    {
        private int _disposeCount;

        public event EventHandler<StreamDestroyedEventArgs>? StreamDestroyed;

        public string? StreamId { get; set; }

        public int DisposeCount => Volatile.Read(ref _disposeCount);

        public Task InitializeAsync(CancellationToken cancellationToken = default) => seams.Later(() => { }, cancellationToken);

        public void RaiseDestroyed() => StreamDestroyed?.Invoke(this, new StreamDestroyedEventArgs(StreamDestroyedReason.NetworkDisconnected));

        public ValueTask DisposeAsync()
        {
            Interlocked.Increment(ref _disposeCount);
            return default;
        }
    }
}
