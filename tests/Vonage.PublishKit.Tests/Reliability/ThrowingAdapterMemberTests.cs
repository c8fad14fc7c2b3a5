using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// No adapter member is read on a path that must not fail except under a guard: throwing event accessors and
/// properties lose their own part, never a state or a release (issue 13, items 4 and 5).
/// </summary>
public class ThrowingAdapterMemberTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeSession _session;
    private readonly HostileFactory _factory;

    public ThrowingAdapterMemberTests()
    {
        _session = new FakeSession(_time);
        _factory = new HostileFactory(_time);
    }

    [Fact]
    public async Task UnpublishAsync_StreamDestroyedRemoveThrows_ReleasesAndGoesIdle()
    {
        _factory.Configure = p => p.RemoveThrows = true;
        var sut = CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        await sut.UnpublishAsync().OrTimeout();

        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Equal(1, _factory.Last.DisposeCount);
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    [Fact]
    public async Task PublishAsync_StreamDestroyedAddThrows_FailsAsUnknownInitializeAndReleases()
    {
        _factory.Configure = p => p.AddThrows = true;
        await using var sut = CreateSut();

        var exception = await Assert.ThrowsAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        Assert.Equal((PublishErrorKind.Unknown, PublishPhase.Initialize), (exception.Kind, exception.Phase));
        Assert.IsType<InvalidOperationException>(exception.InnerException);
        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Equal(1, _factory.Last.DisposeCount);
    }

    [Fact]
    public async Task PublishAsync_StreamIdThrowsAndRollbackUnpublishFails_FailsTypedAndReleases()
    {
        _factory.Configure = p => p.StreamIdThrows = true;
        _session.Unpublish.Default = FakeOutcome.Fail(new InvalidOperationException("unpublish broke"));
        var sut = CreateSut();

        var exception = await Assert.ThrowsAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        Assert.Equal(PublishErrorKind.Unknown, exception.Kind);
        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Equal(1, _factory.Last.DisposeCount);
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    [Fact]
    public async Task DisposeAsync_SessionEventRemoveAccessorsThrow_StillReleasesAndCompletes()
    {
        var session = new Mock<ISession>();
        session.Setup(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        session.Setup(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        session.Setup(s => s.UnpublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        session.SetupRemove(s => s.Disconnected -= It.IsAny<EventHandler<SessionDisconnectedEventArgs>>()).Throws(new InvalidOperationException("remove"));
        session.SetupRemove(s => s.Reconnecting -= It.IsAny<EventHandler>()).Throws(new InvalidOperationException("remove"));
        var sut = new PublishOrchestrator(session.Object, _factory, new PublishOrchestratorOptions { TimeProvider = _time, Retry = null });
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        await sut.DisposeAsync().AsTask().OrTimeout();
        await sut.DisposeAsync().AsTask().OrTimeout();

        Assert.Equal(PublishState.Disposed, sut.State);
        Assert.Equal(1, _factory.Last.DisposeCount);
    }

    private PublishOrchestrator CreateSut() => new(_session, _factory, new PublishOrchestratorOptions { TimeProvider = _time, Retry = null });
}
