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
/// The log records docs/diagnostics.md promises: each event id, level and structured value in the situation
/// that produces it, since operators filter and alert on them.
/// </summary>
public class LoggingTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeSession _session;
    private readonly FakePublisherFactory _factory;
    private readonly FakeLogger<PublishOrchestrator> _logger = new();
    private readonly PublishOrchestratorOptions _options;

    public LoggingTests()
    {
        _session = new FakeSession(_time);
        _factory = new FakePublisherFactory(_time);
        _options = new PublishOrchestratorOptions { TimeProvider = _time, Retry = null };
    }

    [Fact]
    public async Task PublishStarted_SaysWhetherTheSessionWasAlreadyConnected()
    {
        await using var sut = CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        await sut.UnpublishAsync().OrTimeout();

        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Equal(["False", "True"], Records(1).Select(r => r.GetStructuredStateValue("SessionConnected")));
        Assert.All(Records(1), r => Assert.Equal(LogLevel.Information, r.Level));
    }

    [Fact]
    public async Task PhaseTimedOut_NamesThePhaseAndTheTimeout()
    {
        _options.ConnectTimeout = TimeSpan.FromSeconds(3);
        _session.Connect.Default = FakeOutcome.Hang();
        await using var sut = CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);
        _time.Advance(TimeSpan.FromSeconds(3));
        await Assert.ThrowsAsync<NotConnectedException>(() => publish.OrTimeout());

        var record = Assert.Single(Records(14));
        Assert.Equal(LogLevel.Warning, record.Level);
        Assert.Equal("Connect", record.GetStructuredStateValue("Phase"));
        Assert.Equal("3000", record.GetStructuredStateValue("TimeoutMs"));
    }

    [Fact]
    public async Task Retrying_NamesTheFailedAttemptTheDelayAndTheKind()
    {
        _options.Retry = new PublishRetryOptions { UseJitter = false, BaseDelay = TimeSpan.FromMilliseconds(250) };
        _session.Connect.Enqueue(FakeOutcome.Fail(PublishErrorKind.NotConnected));
        await using var sut = CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);
        _time.Advance(TimeSpan.FromMilliseconds(250));
        await publish.OrTimeout();

        var record = Assert.Single(Records(15));
        Assert.Equal(LogLevel.Information, record.Level);
        Assert.Equal("1", record.GetStructuredStateValue("AttemptNumber"));
        Assert.Equal("250", record.GetStructuredStateValue("DelayMs"));
        Assert.Equal("NotConnected", record.GetStructuredStateValue("Kind"));
        Assert.Equal("False", record.GetStructuredStateValue("IsRepublish"));
    }

    [Fact]
    public async Task PublishCanceled_ByTheCaller_SaysSo()
    {
        _session.Connect.Default = FakeOutcome.Hang();
        await using var sut = CreateSut();
        using var cts = new CancellationTokenSource();

        var publish = sut.PublishAsync(SeamHarness.Token, cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());

        Assert.Equal("the caller canceled", Assert.Single(Records(6)).GetStructuredStateValue("Reason"));
    }

    [Fact]
    public async Task PublishCanceled_ByUnpublish_NamesTheStop()
    {
        _session.Connect.Default = FakeOutcome.Hang();
        await using var sut = CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);
        await sut.UnpublishAsync().OrTimeout();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());

        Assert.Equal("UnpublishAsync stopped it", Assert.Single(Records(6)).GetStructuredStateValue("Reason"));
    }

    [Fact]
    public async Task PublishCanceled_ByANewPublishDuringARepublish_NamesTheStop()
    {
        _options.RepublishAfterNetworkLoss = true;
        await using var sut = CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        _session.Connect.Enqueue(FakeOutcome.Hang());
        _session.RaiseDisconnected(DisconnectReason.NetworkDisconnected);
        Assert.Equal(PublishState.Republishing, sut.State);

        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Equal("a new PublishAsync call stopped it", Assert.Single(Records(6)).GetStructuredStateValue("Reason"));
    }

    [Fact]
    public async Task PublishCanceled_ByDisposal_SaysSo()
    {
        _session.Connect.Default = FakeOutcome.Hang();
        var sut = CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);
        await sut.DisposeAsync().AsTask().OrTimeout();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());

        Assert.Equal("the orchestrator was disposed", Assert.Single(Records(6)).GetStructuredStateValue("Reason"));
    }

    [Theory]
    [InlineData(StreamDestroyedReason.NetworkDisconnected, 7, LogLevel.Warning)]
    [InlineData(StreamDestroyedReason.ForceUnpublished, 8, LogLevel.Information)]
    public async Task StreamEnd_IsAWarningOnlyWhenLostToTheNetwork(StreamDestroyedReason reason, int eventId, LogLevel level)
    {
        await using var sut = CreateSut();
        var stream = await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        _factory.LastCreated!.RaiseStreamDestroyed(reason);

        var record = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id is 7 or 8);
        Assert.Equal((eventId, level), (record.Id.Id, record.Level));
        Assert.Equal(stream.StreamId, record.GetStructuredStateValue("StreamId"));
        if (eventId == 8)
        {
            Assert.Equal(reason.ToString(), record.GetStructuredStateValue("Reason"));
        }
    }

    [Fact]
    public async Task Unpublished_NamesTheStream()
    {
        await using var sut = CreateSut();
        var stream = await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        await sut.UnpublishAsync().OrTimeout();

        var record = Assert.Single(Records(9));
        Assert.Equal(LogLevel.Information, record.Level);
        Assert.Equal(stream.StreamId, record.GetStructuredStateValue("StreamId"));
    }

    [Fact]
    public async Task UnpublishFailed_AfterPublishing_NamesThePublishedStream()
    {
        _session.Unpublish.Default = FakeOutcome.Fail(PublishErrorKind.NotConnected);
        await using var sut = CreateSut();
        var stream = await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        await sut.UnpublishAsync().OrTimeout();

        var record = Assert.Single(Records(10));
        Assert.Equal(LogLevel.Warning, record.Level);
        Assert.Equal(stream.StreamId, record.GetStructuredStateValue("StreamId"));
        Assert.IsType<NotConnectedException>(record.Exception);
    }

    [Fact]
    public async Task UnpublishFailed_WhileRollingBackAStoppedPublish_NamesThePublishersStream()
    {
        // The session confirmed the publish, then the caller's stop won: no PublishedStream exists yet.
        using var cts = new CancellationTokenSource();
        var session = new CancelingSession(_time, cts);
        session.Unpublish.Default = FakeOutcome.Fail(PublishErrorKind.NotConnected);
        await using var sut = new PublishOrchestrator(session, _factory, _options, _logger);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.PublishAsync(SeamHarness.Token, cts.Token).OrTimeout());

        var record = Assert.Single(Records(10));
        Assert.Equal(_factory.LastCreated!.StreamId, record.GetStructuredStateValue("StreamId"));
        Assert.NotNull(record.GetStructuredStateValue("StreamId"));
    }

    [Fact]
    public async Task EventHandlerFailed_ForAnEventWithoutArguments_NamesTheEvent()
    {
        await using var sut = CreateSut();
        sut.Reconnected += (_, _) => throw new InvalidOperationException("handler bug");

        _session.RaiseReconnected();

        var record = Assert.Single(Records(12));
        Assert.Equal(LogLevel.Error, record.Level);
        Assert.Equal("Reconnected", record.GetStructuredStateValue("EventName"));
        Assert.IsType<InvalidOperationException>(record.Exception);
    }

    [Fact]
    public async Task SessionReconnectingAndReconnected_AreLoggedEvenWhenIdle()
    {
        await using var sut = CreateSut();

        _session.RaiseReconnecting();
        _session.RaiseReconnected();

        Assert.Equal(LogLevel.Warning, Assert.Single(Records(16)).Level);
        Assert.Equal(LogLevel.Information, Assert.Single(Records(17)).Level);
    }

    [Fact]
    public async Task SessionEvents_RacingDisposal_AreIgnored()
    {
        // An SDK thread may already be invoking the handlers when disposal unsubscribes them.
        var seams = new SeamHarness();
        EventHandler? reconnecting = null;
        EventHandler? reconnected = null;
        seams.Session.SetupAdd(s => s.Reconnecting += It.IsAny<EventHandler>()).Callback<EventHandler>(h => reconnecting = h);
        seams.Session.SetupAdd(s => s.Reconnected += It.IsAny<EventHandler>()).Callback<EventHandler>(h => reconnected = h);
        var sut = seams.CreateSut();
        await sut.DisposeAsync();

        reconnecting!.Invoke(seams.Session.Object, EventArgs.Empty);
        reconnected!.Invoke(seams.Session.Object, EventArgs.Empty);

        Assert.DoesNotContain(seams.Logger.Collector.GetSnapshot(), r => r.Id.Id is 16 or 17);
        Assert.Equal(PublishState.Disposed, sut.State);
    }

    private PublishOrchestrator CreateSut() => new(_session, _factory, _options, _logger);

    private FakeLogRecord[] Records(int eventId) => _logger.Collector.GetSnapshot().Where(r => r.Id.Id == eventId).ToArray();

    /// <summary>A session that confirms the publish and cancels the caller's token in the same breath.</summary>
    private sealed class CancelingSession(TimeProvider time, CancellationTokenSource caller) : FakeSession(time)
    {
        public override async Task PublishAsync(IPublisher publisher, CancellationToken cancellationToken = default)
        {
            await base.PublishAsync(publisher, cancellationToken);
            caller.Cancel();
        }
    }
}
