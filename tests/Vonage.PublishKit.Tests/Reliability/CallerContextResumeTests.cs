using System;
using System.Threading;
using System.Threading.Tasks;
using Moq;
using Polly;
using Polly.Retry;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// The first wait of a call made on the app's <see cref="SynchronizationContext"/> (a UI thread's) never resumes
/// on it, whichever wait that is: the app's pipeline, a rollback's unpublish or disposal, the release of a
/// publisher the try never saw, a leftover publisher's release. The seam is completed off that context, so a
/// continuation that captured it would be posted to it.
/// </summary>
public class CallerContextResumeTests
{
    private readonly SeamHarness _harness = new();
    private readonly CountingContext _context = new();
    private readonly TaskCompletionSource _seam = new();

    [Fact]
    public async Task PublishAsync_AppPipelineWaitsForTheTry_NeverResumesOnTheCallersContext()
    {
        _harness.Options.ResiliencePipeline = new ResiliencePipelineBuilder().Build();
        _harness.ConfigurePublisher = p => p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>())).Returns(_seam.Task);
        await using var sut = _harness.CreateSut();

        var publish = OnCallersContext(() => sut.PublishAsync(SeamHarness.Token));
        await CompleteOffContextAsync();

        await publish.OrTimeout();
        Assert.Equal(0, _context.Posts);
    }

    [Fact]
    public async Task PublishAsync_StoppedAfterTheSessionPublishedAndTheUnpublishWaits_NeverResumesOnTheCallersContext()
    {
        await using var sut = _harness.CreateSut();
        Task? unpublish = null;
        _harness.WhenSessionPublishes(() => unpublish = sut.UnpublishAsync());
        _harness.Session.Setup(s => s.UnpublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).Returns(_seam.Task);

        var publish = OnCallersContext(() => sut.PublishAsync(SeamHarness.Token));
        await CompleteOffContextAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());
        await unpublish!.OrTimeout();
        Assert.Equal(0, _context.Posts);
    }

    [Fact]
    public async Task PublishAsync_StoppedAfterTheSessionPublishedAndTheDisposalWaits_NeverResumesOnTheCallersContext()
    {
        await using var sut = _harness.CreateSut();
        Task? unpublish = null;
        _harness.WhenSessionPublishes(() => unpublish = sut.UnpublishAsync());
        _harness.ConfigurePublisher = p => p.Setup(x => x.DisposeAsync()).Returns(() => new ValueTask(_seam.Task));

        var publish = OnCallersContext(() => sut.PublishAsync(SeamHarness.Token));
        await CompleteOffContextAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());
        await unpublish!.OrTimeout();
        Assert.Equal(0, _context.Posts);
    }

    [Fact]
    public async Task PublishAsync_StreamDestroyedAddThrowsAndTheDisposalWaits_NeverResumesOnTheCallersContext()
    {
        _harness.ConfigurePublisher = p =>
        {
            p.SetupAdd(x => x.StreamDestroyed += It.IsAny<EventHandler<StreamDestroyedEventArgs>>()).Throws(new InvalidOperationException("a broken add accessor"));
            p.Setup(x => x.DisposeAsync()).Returns(() => new ValueTask(_seam.Task));
        };
        await using var sut = _harness.CreateSut();

        var publish = OnCallersContext(() => sut.PublishAsync(SeamHarness.Token));
        await CompleteOffContextAsync();

        await Assert.ThrowsAsync<PublishException>(() => publish.OrTimeout());
        Assert.Equal(0, _context.Posts);
    }

    [Fact]
    public async Task PublishAsync_AppPipelineRetriesASuccessAndTheLeftoverDisposalWaits_NeverResumesOnTheCallersContext()
    {
        _harness.Options.ResiliencePipeline = RetriesEverySuccessOnce();
        var first = true;
        _harness.ConfigurePublisher = p =>
        {
            if (first)
            {
                first = false;
                p.Setup(x => x.DisposeAsync()).Returns(() => new ValueTask(_seam.Task));
            }
        };
        await using var sut = _harness.CreateSut();

        var publish = OnCallersContext(() => sut.PublishAsync(SeamHarness.Token));
        await CompleteOffContextAsync();

        var stream = await publish.OrTimeout();
        Assert.Equal("stream-2", stream.StreamId);
        Assert.Equal(0, _context.Posts);
    }

    [Fact]
    public async Task PublishAsync_AppPipelineRetriesASuccessAndTheNextPublisherIsReleasedUnseen_NeverResumesOnTheCallersContext()
    {
        _harness.Options.ResiliencePipeline = RetriesEverySuccessOnce();
        var created = 0;
        _harness.ConfigurePublisher = p =>
        {
            if (++created == 2)
            {
                // The leftover is released at once, so the camera is free; this one fails to subscribe and disposes later.
                p.SetupAdd(x => x.StreamDestroyed += It.IsAny<EventHandler<StreamDestroyedEventArgs>>()).Throws(new InvalidOperationException("a broken add accessor"));
                p.Setup(x => x.DisposeAsync()).Returns(() => new ValueTask(_seam.Task));
            }
        };
        await using var sut = _harness.CreateSut();

        var publish = OnCallersContext(() => sut.PublishAsync(SeamHarness.Token));
        await CompleteOffContextAsync();

        await Assert.ThrowsAsync<PublishException>(() => publish.OrTimeout());
        Assert.Equal(0, _context.Posts);
    }

    [Fact]
    public async Task Republish_StreamLostOnTheAppsContextWhileTheLostPublisherDisposes_NeverResumesOnThatContext()
    {
        _harness.Options.RepublishAfterNetworkLoss = true;
        _harness.Options.TokenProvider = static _ => new ValueTask<string>(SeamHarness.Token);
        var created = 0;
        _harness.ConfigurePublisher = p =>
        {
            if (++created == 1)
            {
                p.Setup(x => x.DisposeAsync()).Returns(() => new ValueTask(_seam.Task));
            }
        };
        await using var sut = _harness.CreateSut();
        var republished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sut.Republished += (_, _) => republished.TrySetResult();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        _ = OnCallersContext(() =>
        {
            _harness.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
            return Task.FromResult(0);
        });
        await CompleteOffContextAsync();

        await republished.Task.OrTimeout();
        Assert.Equal(0, _context.Posts);
    }

    private Task<T> OnCallersContext<T>(Func<Task<T>> call)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_context);
        try
        {
            return call();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private Task CompleteOffContextAsync() => Task.Run(_seam.SetResult).OrTimeout();

    /// <summary>An app's pipeline that runs the try once more after it succeeded, so a publisher is left over.</summary>
    private ResiliencePipeline RetriesEverySuccessOnce() => new ResiliencePipelineBuilder { TimeProvider = _harness.Time }
        .AddRetry(new RetryStrategyOptions { ShouldHandle = static _ => new ValueTask<bool>(true), MaxRetryAttempts = 1, Delay = TimeSpan.Zero })
        .Build();

    /// <summary>Counts what is posted to it and runs it on the thread pool, so a capture shows up without a deadlock.</summary>
    private sealed class CountingContext : SynchronizationContext
    {
        private int _posts;

        public int Posts => Volatile.Read(ref _posts);

        public override void Post(SendOrPostCallback d, object? state)
        {
            Interlocked.Increment(ref _posts);
            ThreadPool.QueueUserWorkItem(_ => d(state));
        }

        public override void Send(SendOrPostCallback d, object? state)
        {
            Interlocked.Increment(ref _posts);
            d(state);
        }
    }
}
