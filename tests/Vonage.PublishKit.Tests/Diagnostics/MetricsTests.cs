using System;
using System.Linq;
using System.Threading.Tasks;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Diagnostics;

public sealed class MetricsTests : IDisposable
{
    private readonly TelemetryHarness _telemetry = new();

    public void Dispose() => _telemetry.Dispose();

    [Fact]
    public async Task PublishAsync_Success_RecordsPublishAndPhaseDurationsInSeconds()
    {
        _telemetry.Factory.Initialize.Default = FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(200));
        _telemetry.Session.Connect.Default = FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(300));
        _telemetry.Session.Publish.Default = FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(100));
        InlineContinuations.Enable();
        await using var sut = _telemetry.CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);
        _telemetry.Time.Advance(TimeSpan.FromMilliseconds(200));
        _telemetry.Time.Advance(TimeSpan.FromMilliseconds(100));
        _telemetry.Time.Advance(TimeSpan.FromMilliseconds(100));
        await publish.OrTimeout();

        var total = Assert.Single(_telemetry.Histogram("vonage.publishkit.publish.duration"));
        Assert.Equal(0.4, total.Value, precision: 6);
        Assert.Equal("success", total.Tags[TagNamesForTests.Outcome]);
        var phases = _telemetry.Histogram("vonage.publishkit.phase.duration").ToDictionary(m => (string)m.Tags[TagNamesForTests.Phase]!, m => Math.Round(m.Value, 6));
        Assert.Equal(new() { ["initialize"] = 0.2, ["connect"] = 0.3, ["publish"] = 0.1 }, phases);
        var attempt = Assert.Single(_telemetry.Counter("vonage.publishkit.attempts"));
        Assert.Equal("success", attempt.Tags[TagNamesForTests.Outcome]);
    }

    [Theory]
    [InlineData(PublishErrorKind.AccessDenied, "access_denied", "initialize")]
    [InlineData(PublishErrorKind.DeviceUnavailable, "device_unavailable", "initialize")]
    [InlineData(PublishErrorKind.NotConnected, "not_connected", "connect")]
    [InlineData(PublishErrorKind.AuthenticationFailed, "authentication_failed", "connect")]
    [InlineData(PublishErrorKind.PeerConnectionFailed, "peer_connection_failed", "publish")]
    public async Task PublishAsync_Failure_CountsItByKindAndPhase(PublishErrorKind kind, string errorType, string phase)
    {
        _telemetry.Options.Retry = null;
        var script = phase switch
        {
            "initialize" => _telemetry.Factory.Initialize,
            "connect" => _telemetry.Session.Connect,
            _ => _telemetry.Session.Publish,
        };
        script.Default = FakeOutcome.Fail(kind);
        await using var sut = _telemetry.CreateSut();

        await Assert.ThrowsAnyAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        var failure = Assert.Single(_telemetry.Counter("vonage.publishkit.failures"));
        Assert.Equal(errorType, failure.Tags[TagNamesForTests.ErrorType]);
        Assert.Equal(phase, failure.Tags[TagNamesForTests.Phase]);
        var total = Assert.Single(_telemetry.Histogram("vonage.publishkit.publish.duration"));
        Assert.Equal(("failure", errorType), (total.Tags[TagNamesForTests.Outcome], total.Tags[TagNamesForTests.ErrorType]));
    }

    [Fact]
    public async Task PublishAsync_PhaseFailure_RecordsThePhaseDurationAsAFailure()
    {
        _telemetry.Options.Retry = null;
        _telemetry.Session.Connect.Default = FakeOutcome.Fail(PublishErrorKind.NotConnected).After(TimeSpan.FromMilliseconds(300));
        InlineContinuations.Enable();
        await using var sut = _telemetry.CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);
        _telemetry.Time.Advance(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAsync<NotConnectedException>(() => publish.OrTimeout());

        var connect = Assert.Single(_telemetry.Histogram("vonage.publishkit.phase.duration"), m => Equals(m.Tags[TagNamesForTests.Phase], "connect"));
        Assert.Equal("failure", connect.Tags[TagNamesForTests.Outcome]);
        Assert.Equal(0.3, connect.Value, precision: 6);
    }

    [Fact]
    public async Task PublishAsync_Canceled_RecordsCanceledOutcomes()
    {
        _telemetry.Session.Connect.Default = FakeOutcome.Hang();
        InlineContinuations.Enable();
        await using var sut = _telemetry.CreateSut();
        using var cts = new System.Threading.CancellationTokenSource();

        var publish = sut.PublishAsync(SeamHarness.Token, cts.Token);
        _telemetry.Time.Advance(TimeSpan.FromMilliseconds(500));
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());

        var total = Assert.Single(_telemetry.Histogram("vonage.publishkit.publish.duration"));
        Assert.Equal(("canceled", "canceled"), (total.Tags[TagNamesForTests.Outcome], total.Tags[TagNamesForTests.ErrorType]));
        Assert.Equal(0.5, total.Value, precision: 6);
        Assert.Equal("canceled", Assert.Single(_telemetry.Counter("vonage.publishkit.attempts")).Tags[TagNamesForTests.Outcome]);
        var connect = Assert.Single(_telemetry.Histogram("vonage.publishkit.phase.duration"), m => Equals(m.Tags[TagNamesForTests.Phase], "connect"));
        Assert.Equal(("canceled", 0.5), (connect.Tags[TagNamesForTests.Outcome], Math.Round(connect.Value, 6)));
        Assert.Empty(_telemetry.Counter("vonage.publishkit.failures"));
    }

    [Fact]
    public async Task Republish_StoppedByUnpublish_IsNotCountedAsARepublish()
    {
        InlineContinuations.Enable();
        _telemetry.Options.RepublishAfterNetworkLoss = true;
        await using var sut = _telemetry.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        _telemetry.Session.Connect.Default = FakeOutcome.Hang();
        _telemetry.Session.RaiseDisconnected(DisconnectReason.NetworkDisconnected);

        await sut.UnpublishAsync().OrTimeout();

        Assert.Empty(_telemetry.Counter("vonage.publishkit.republishes"));
        Assert.Contains(_telemetry.Histogram("vonage.publishkit.publish.duration"), m => Equals(m.Tags[TagNamesForTests.Republish], true) && Equals(m.Tags[TagNamesForTests.Outcome], "canceled"));
    }

    [Fact]
    public async Task PublishAsync_Retry_CountsTheRetryAndBothAttempts()
    {
        InlineContinuations.Enable();
        _telemetry.Session.Connect.Enqueue(FakeOutcome.Fail(PublishErrorKind.NotConnected));
        await using var sut = _telemetry.CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);
        _telemetry.Time.Advance(TimeSpan.FromSeconds(1));
        await publish.OrTimeout();

        var retry = Assert.Single(_telemetry.Counter("vonage.publishkit.retries"));
        Assert.Equal("not_connected", retry.Tags[TagNamesForTests.ErrorType]);
        Assert.Equal(["failure", "success"], _telemetry.Counter("vonage.publishkit.attempts").Select(m => (string)m.Tags[TagNamesForTests.Outcome]!));
    }

    [Fact]
    public async Task StreamLost_CountsItByReason_AndARepublish()
    {
        InlineContinuations.Enable();
        _telemetry.Options.RepublishAfterNetworkLoss = true;
        await using var sut = _telemetry.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        _telemetry.Factory.Created[0].RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        _telemetry.Factory.Created[1].RaiseStreamDestroyed(StreamDestroyedReason.ForceUnpublished);

        Assert.Equal(["network_disconnected", "force_unpublished"], _telemetry.Counter("vonage.publishkit.streams.lost").Select(m => (string)m.Tags[TagNamesForTests.Reason]!));
        var republish = Assert.Single(_telemetry.Counter("vonage.publishkit.republishes"));
        Assert.Equal("success", republish.Tags[TagNamesForTests.Outcome]);
    }
}
