using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// Stops made from inside the orchestrator's handlers, or by the thread that ran them: each is told apart from a
/// plain caller only while a handler runs, and whoever joins a stop another one started still waits for the
/// release it promises.
/// </summary>
public class StopsAroundHandlersTests
{
    private static readonly TimeSpan Disposal = TimeSpan.FromSeconds(2);
    private readonly FakeTimeProvider _time = new();
    private readonly FakeSession _session;
    private readonly HostileFactory _factory;

    public StopsAroundHandlersTests()
    {
        _session = new FakeSession(_time);
        _factory = new HostileFactory(_time);
    }

    [Fact]
    public async Task UnpublishAsync_ItsUnpublishingHandlerDisposes_CompletesOnlyOnceThePublisherIsReleased()
    {
        _factory.Configure = p => (p.Disposal, p.SlowDisposal) = (DisposeBehavior.Slowly, Disposal);
        var sut = CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        Task? dispose = null;
        sut.StateChanged += (_, e) =>
        {
            if (e.State == PublishState.Unpublishing)
            {
                dispose ??= sut.DisposeAsync().AsTask();
            }
        };

        // The handler's disposal starts the release; the unpublish joins it and must wait for it all the same.
        var unpublish = sut.UnpublishAsync();

        Assert.NotNull(dispose);
        Assert.False(unpublish.IsCompleted, "UnpublishAsync completed while its publisher was still disposing");
        await _time.DriveAsync(Task.WhenAll(unpublish, dispose), Disposal);
        Assert.Equal(PublishState.Disposed, sut.State);
        Assert.Equal(1, _factory.Last.DisposeCount);
        Assert.Single(_session.Unpublished);
    }

    [Fact]
    public async Task DisposeAsync_SecondCallByTheThreadThatRanTheHandlers_WaitsForTheFirst()
    {
        _factory.Configure = p => (p.Disposal, p.SlowDisposal) = (DisposeBehavior.Slowly, Disposal);
        var sut = CreateSut();
        var changes = 0;
        sut.StateChanged += (_, _) => changes++;
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        // The first call raises StateChanged on this thread; once that handler returned, this thread is a plain caller.
        var first = sut.DisposeAsync().AsTask();
        var second = sut.DisposeAsync().AsTask();

        Assert.True(changes > 0);
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted, "the second DisposeAsync returned before disposal finished");
        await _time.DriveAsync(Task.WhenAll(first, second), Disposal);
        Assert.Equal(1, _factory.Last.DisposeCount);
    }

    [Fact]
    public async Task PublishAsync_FromANetworkDisconnectedHandler_StoppedWhileItsPublisherIsCreated_ReleasesItUnused()
    {
        var sut = CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        Task<PublishedStream>? again = null;
        Task? unpublish = null;
        sut.NetworkDisconnected += (_, _) => again = sut.PublishAsync(SeamHarness.Token);

        // The handler's publish creates its publisher on this thread, still inside the handler; the app stops it there.
        _factory.Configure = _ => unpublish ??= sut.UnpublishAsync();
        _factory.LastCreated!.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);

        Assert.NotNull(again);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => again.OrTimeout());
        await unpublish!.OrTimeout();
        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Equal(2, _factory.Created.Count);
        var unused = (HostilePublisher)_factory.Created[1];
        Assert.Equal(0, unused.Initialize.Calls);
        Assert.Equal(1, unused.DisposeCount);
        Assert.Equal(1, _factory.Created[0].DisposeCount);
        await sut.DisposeAsync().AsTask().OrTimeout();
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
    }

    private PublishOrchestrator CreateSut() =>
        new(_session, _factory, new PublishOrchestratorOptions { TimeProvider = _time, Retry = null, RepublishAfterNetworkLoss = false });
}
