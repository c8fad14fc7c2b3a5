using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests;

/// <summary><see cref="PublishOrchestrator.Dispose()"/>: for callers that cannot await, bounded and deadlock-free.</summary>
public class SynchronousDisposeTests
{
    private readonly SeamHarness _seams = new();

    [Fact]
    public async Task Dispose_Published_UnpublishesReleasesAndMovesToDisposed()
    {
        var sut = _seams.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        sut.Dispose();
        sut.Dispose();

        Assert.Equal(PublishState.Disposed, sut.State);
        _seams.Session.Verify(s => s.UnpublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>()), Times.Once);
        _seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public void Dispose_ContainerDisposedWithUsing_ReleasesTheOrchestratorWithoutThrowing()
    {
        PublishOrchestrator orchestrator;
        using (var provider = new ServiceCollection()
            .AddSingleton<ISession>(new FakeSession())
            .AddSingleton<IPublisherFactory>(new FakePublisherFactory())
            .AddPublishKit()
            .BuildServiceProvider())
        {
            orchestrator = provider.GetRequiredService<PublishOrchestrator>();
        }

        Assert.Equal(PublishState.Disposed, orchestrator.State);
    }

    [Fact]
    public async Task Dispose_OnAUiThreadThatIsBlocked_FinishesWithoutItsContext()
    {
        // The session confirms on the thread pool, as an SDK callback would; the UI thread is blocked in Dispose.
        _seams.Session.Setup(s => s.UnpublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).Returns(() => Task.Run(static () => { }));
        _seams.Options.ReleaseTimeout = TimeSpan.FromSeconds(5);
        var sut = _seams.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        var ui = new NeverPumpedContext();
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(ui);
        try
        {
            sut.Dispose();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        // Had the library posted its continuation to the blocked context, the publisher would still be held.
        _seams.VerifyEveryPublisherDisposedOnce();
        Assert.Empty(ui.Posted);
    }

    [Fact]
    public async Task Dispose_DisposalCannotFinish_ReturnsAfterTwiceTheReleaseTimeout()
    {
        // The publisher's disposal never completes, and the clock is virtual: DisposeAsync waits for time that
        // does not pass. Dispose blocks for its real-time bound, 2 x 50 ms, and returns.
        var time = new FakeTimeProvider();
        var factory = new HostileFactory(time) { Configure = p => p.Disposal = DisposeBehavior.Never };
        var sut = new PublishOrchestrator(new FakeSession(time), factory, new PublishOrchestratorOptions { TimeProvider = time, Retry = null, ReleaseTimeout = TimeSpan.FromMilliseconds(50) });
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        await Task.Run(sut.Dispose).OrTimeout();

        Assert.Equal(PublishState.Disposed, sut.State);
        Assert.Equal(1, factory.Last.DisposeCount);
        await time.DriveAsync(sut.DisposeAsync().AsTask(), TimeSpan.FromMilliseconds(50));
    }

    /// <summary>A UI thread's context while that thread is blocked: what is posted to it never runs.</summary>
    private sealed class NeverPumpedContext : SynchronizationContext
    {
        public ConcurrentQueue<SendOrPostCallback> Posted { get; } = new();

        public override void Post(SendOrPostCallback d, object? state) => Posted.Enqueue(d);
    }
}
