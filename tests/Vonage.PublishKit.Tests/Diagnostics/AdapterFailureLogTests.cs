using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Diagnostics;

/// <summary>
/// An adapter member that fails on a path that must not fail (detaching, reading the stream id, unpublishing,
/// disposing) is logged with its own event id and exception, so an operator sees what the adapter did; the
/// orchestrator goes on all the same.
/// </summary>
public class AdapterFailureLogTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeSession _session;
    private readonly HostileFactory _factory;
    private readonly FakeLogger<PublishOrchestrator> _logger = new();

    public AdapterFailureLogTests()
    {
        _session = new FakeSession(_time);
        _factory = new HostileFactory(_time);
    }

    [Fact]
    public async Task DetachFailed_EverySessionEventWhoseRemoveAccessorThrows_IsLoggedByName()
    {
        var seams = new SeamHarness();
        seams.Session.SetupRemove(s => s.Disconnected -= It.IsAny<EventHandler<SessionDisconnectedEventArgs>>()).Throws(new InvalidOperationException("remove Disconnected"));
        seams.Session.SetupRemove(s => s.Reconnecting -= It.IsAny<EventHandler>()).Throws(new InvalidOperationException("remove Reconnecting"));
        seams.Session.SetupRemove(s => s.Reconnected -= It.IsAny<EventHandler>()).Throws(new InvalidOperationException("remove Reconnected"));
        var sut = seams.CreateSut();

        await sut.DisposeAsync().AsTask().OrTimeout();

        var records = Records(seams.Logger, 19);
        Assert.Equal(["Disconnected", "Reconnecting", "Reconnected"], records.Select(r => r.GetStructuredStateValue("EventName")));
        Assert.Equal(["remove Disconnected", "remove Reconnecting", "remove Reconnected"], records.Select(r => r.Exception!.Message));
        Assert.All(records, r => Assert.Equal(LogLevel.Warning, r.Level));
        Assert.Equal(PublishState.Disposed, sut.State);
    }

    [Fact]
    public async Task DetachFailed_PublisherStreamDestroyedRemoveThrows_IsLoggedByName()
    {
        _factory.Configure = p => p.RemoveThrows = true;
        await using var sut = CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        await sut.UnpublishAsync().OrTimeout();

        var record = Assert.Single(Records(_logger, 19));
        Assert.Equal("StreamDestroyed", record.GetStructuredStateValue("EventName"));
        Assert.Equal("a broken remove accessor", record.Exception!.Message);
        Assert.Equal(1, _factory.Last.DisposeCount);
    }

    [Fact]
    public async Task StreamIdFailed_StreamIdThrowsWhileARollbackUnpublishFails_IsLogged()
    {
        _factory.Configure = p => p.StreamIdThrows = true;
        _session.Unpublish.Default = FakeOutcome.Fail(new InvalidOperationException("unpublish broke"));
        await using var sut = CreateSut();

        await Assert.ThrowsAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        var record = Assert.Single(Records(_logger, 21));
        Assert.Equal(LogLevel.Warning, record.Level);
        Assert.Equal("a broken StreamId", record.Exception!.Message);
        Assert.Null(Assert.Single(Records(_logger, 10)).GetStructuredStateValue("StreamId"));
    }

    [Fact]
    public async Task UnpublishFailed_NamesThePublishedStreamWithoutAskingThePublisherAgain()
    {
        await using var sut = CreateSut();
        var stream = await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        // By now the adapter no longer answers for its stream; the id it published under is what the log needs.
        _factory.Last.StreamIdThrows = true;
        _session.Unpublish.Default = FakeOutcome.Fail(new InvalidOperationException("unpublish broke"));
        await sut.UnpublishAsync().OrTimeout();

        var record = Assert.Single(Records(_logger, 10));
        Assert.Equal(stream.StreamId, record.GetStructuredStateValue("StreamId"));
        Assert.Equal("unpublish broke", record.Exception!.Message);
        Assert.Empty(Records(_logger, 21));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UnpublishFailed_SessionReturnsATaskAlreadyFailedOrCanceled_IsLogged(bool canceled)
    {
        var seams = new SeamHarness();
        seams.Session.Setup(s => s.UnpublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>()))
            .Returns(canceled ? Task.FromCanceled(new CancellationToken(canceled: true)) : Task.FromException(new InvalidOperationException("unpublish refused at once")));
        await using var sut = seams.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        // The caller did not cancel: a session that canceled on its own is a failure to confirm, logged, not thrown.
        await sut.UnpublishAsync().OrTimeout();

        var record = Assert.Single(Records(seams.Logger, 10));
        Assert.Equal("stream-1", record.GetStructuredStateValue("StreamId"));
        Assert.IsType(canceled ? typeof(TaskCanceledException) : typeof(InvalidOperationException), record.Exception);
        Assert.Equal(PublishState.Idle, sut.State);
        seams.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task PublisherDisposeFailed_DisposeAsyncThrowsBeforeReturningItsTask_IsLogged()
    {
        var seams = new SeamHarness
        {
            ConfigurePublisher = p => p.Setup(x => x.DisposeAsync()).Throws(new InvalidOperationException("dispose threw at once")),
        };
        await using var sut = seams.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        await sut.UnpublishAsync().OrTimeout();

        var record = Assert.Single(Records(seams.Logger, 11));
        Assert.Equal(LogLevel.Warning, record.Level);
        Assert.Equal("dispose threw at once", record.Exception!.Message);
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Fact]
    public async Task PublisherDisposeFailed_AbandonedDisposalFailsLater_IsLoggedWhenItFails()
    {
        // Off xUnit's context, the late failure's continuations run inline, within SetException.
        InlineContinuations.Enable();
        var failLater = new TaskCompletionSource();
        _factory.Configure = p => p.DisposeWith = () => failLater.Task;
        await using var sut = CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        await _time.DriveAsync(sut.UnpublishAsync(), TimeSpan.FromSeconds(1));
        Assert.Single(Records(_logger, 18));
        Assert.Empty(Records(_logger, 11));

        failLater.SetException(new InvalidOperationException("disposal failed after it was abandoned"));

        var record = Assert.Single(Records(_logger, 11));
        Assert.Equal("disposal failed after it was abandoned", record.Exception!.Message);
    }

    private static FakeLogRecord[] Records(FakeLogger<PublishOrchestrator> logger, int eventId) =>
        logger.Collector.GetSnapshot().Where(r => r.Id.Id == eventId).ToArray();

    private PublishOrchestrator CreateSut() =>
        new(_session, _factory, new PublishOrchestratorOptions { TimeProvider = _time, Retry = null }, _logger);
}
