using System;
using System.Linq;
using System.Threading.Tasks;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// A session connected before has no connect phase: on the first publish, on retries and later calls, until it disconnects.
/// </summary>
public class ConnectedSessionTests : HostileSeamsTestBase
{
    [Fact]
    public async Task ConnectedSession_FirstPublish_SkipsConnectAndConnectDurationIsZero()
    {
        _session.IsConnected = true;
        _factory.Initialize.Enqueue(FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(200)));
        _session.Publish.Enqueue(FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(100)));
        await using var sut = CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);
        await _time.DriveAsync(publish, TimeSpan.FromMilliseconds(50));
        var stream = await publish.OrTimeout();

        Assert.Equal(0, _session.Connect.Calls);
        Assert.Equal((TimeSpan.FromMilliseconds(200), TimeSpan.Zero, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300)), (stream.InitializeDuration, stream.ConnectDuration, stream.PublishDuration, stream.TotalDuration));
    }

    [Fact]
    public async Task ConnectedSession_SecondPublishAfterUnpublish_SkipsConnect()
    {
        _session.Connect.Enqueue(FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(300)));
        await using var sut = CreateSut();
        var first = sut.PublishAsync(SeamHarness.Token);
        await _time.DriveAsync(first, TimeSpan.FromMilliseconds(100));
        Assert.Equal(TimeSpan.FromMilliseconds(300), (await first.OrTimeout()).ConnectDuration);
        await sut.UnpublishAsync().OrTimeout();

        var stream = await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Equal(1, _session.Connect.Calls);
        Assert.Equal(TimeSpan.Zero, stream.ConnectDuration);
        Assert.Equal([1, 0], _factory.Created.Select(p => p.DisposeCount));
        Assert.Equal(2, _session.Published.Count);
    }

    [Fact]
    public async Task ConnectedSession_RetryAfterAPublishFailure_SkipsConnectInTheRetry()
    {
        // The first try connects (0.3 s) and fails to publish; the retry finds the session connected.
        _session.Connect.Enqueue(FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(300)));
        _session.Publish.Enqueue(FakeOutcome.Fail(PublishErrorKind.PeerConnectionFailed));
        await using var sut = CreateSut(o => o.Retry = new PublishRetryOptions { UseJitter = false });

        var publish = sut.PublishAsync(SeamHarness.Token);
        await _time.DriveAsync(publish, TimeSpan.FromMilliseconds(100));
        var stream = await publish.OrTimeout();

        Assert.Equal(1, _session.Connect.Calls);
        Assert.Equal(TimeSpan.Zero, stream.ConnectDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(1300), stream.TotalDuration);
        Assert.Equal([1, 0], _factory.Created.Select(p => p.DisposeCount));
    }

    [Fact]
    public async Task ConnectedSession_DisconnectedBetweenTries_TheRetryConnectsAgainAndTimesIt()
    {
        // The first try connects and fails to publish; the session drops before the retry, which must connect again.
        _session.Publish.Enqueue(FakeOutcome.Fail(PublishErrorKind.PeerConnectionFailed));
        _session.Connect.Enqueue(FakeOutcome.Succeed()).Enqueue(FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(250)));
        await using var sut = CreateSut(o => o.Retry = new PublishRetryOptions { UseJitter = false });
        sut.Retrying += (_, _) => _session.RaiseDisconnected(DisconnectReason.NetworkDisconnected);

        var publish = sut.PublishAsync(SeamHarness.Token);
        await _time.DriveAsync(publish, TimeSpan.FromMilliseconds(50));
        var stream = await publish.OrTimeout();

        Assert.Equal(2, _session.Connect.Calls);
        Assert.Equal(TimeSpan.FromMilliseconds(250), stream.ConnectDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(1250), stream.TotalDuration);
        Assert.Equal(PublishState.Published, sut.State);
    }

    [Fact]
    public async Task ConnectedSession_NewCallAfterAFailedCall_SkipsConnectAndPublishes()
    {
        _session.Publish.Enqueue(FakeOutcome.Fail(PublishErrorKind.PeerConnectionFailed));
        await using var sut = CreateSut();
        await Assert.ThrowsAsync<PeerConnectionFailedException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());
        Assert.Equal(PublishState.Idle, sut.State);

        var stream = await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Equal(1, _session.Connect.Calls);
        Assert.Equal(TimeSpan.Zero, stream.ConnectDuration);
        Assert.Equal([1, 0], _factory.Created.Select(p => p.DisposeCount));
    }

    [Fact]
    public async Task ConnectedSession_DeviceFailure_FailsTypedAndTheNextPublishWorks()
    {
        _session.IsConnected = true;
        _factory.Initialize.Enqueue(FakeOutcome.Fail(PublishErrorKind.DeviceUnavailable).After(TimeSpan.FromMilliseconds(100)));
        await using var sut = CreateSut();

        var failed = sut.PublishAsync(SeamHarness.Token);
        await _time.AdvanceUntilCompletedAsync(failed, TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAsync<DeviceUnavailableException>(() => failed.OrTimeout());

        var stream = await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Equal(0, _session.Connect.Calls);
        Assert.Equal(TimeSpan.Zero, stream.ConnectDuration);
        Assert.Equal([1, 0], _factory.Created.Select(p => p.DisposeCount));
    }

    [Fact]
    public async Task ConnectedSession_DisconnectedBetweenCalls_ConnectsAgainAndTimesIt()
    {
        _session.IsConnected = true;
        await using var sut = CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        await sut.UnpublishAsync().OrTimeout();
        _session.IsConnected = false;
        _session.Connect.Enqueue(FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(400)));

        var second = sut.PublishAsync(SeamHarness.Token);
        await _time.DriveAsync(second, TimeSpan.FromMilliseconds(100));
        var stream = await second.OrTimeout();

        Assert.Equal(1, _session.Connect.Calls);
        Assert.Equal(TimeSpan.FromMilliseconds(400), stream.ConnectDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(400), stream.TotalDuration);
    }

    [Fact]
    public async Task ConnectedSession_PublishHangsUntilUnpublish_EndsCanceledAndTheNextPublishSkipsConnect()
    {
        _session.IsConnected = true;
        _session.Publish.Enqueue(FakeOutcome.Hang());
        await using var sut = CreateSut();
        var hanging = sut.PublishAsync(SeamHarness.Token);
        Assert.False(hanging.IsCompleted);
        await sut.UnpublishAsync().OrTimeout();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hanging.OrTimeout());

        var stream = await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Equal(0, _session.Connect.Calls);
        Assert.Equal(TimeSpan.Zero, stream.ConnectDuration);
        Assert.Equal([1, 0], _factory.Created.Select(p => p.DisposeCount));
    }

    [Fact]
    public async Task ConnectedSession_WithAnAbandonedPipelinesLateTry_TheLateTryNeverReachesTheSession()
    {
        _session.IsConnected = true;
        var strategy = new CapturingDeafStrategy { DeafCalls = 1 };
        await using var sut = CreateSut(strategy);
        await AbandonFirstPublishAsync(sut);

        var late = await Task.Run(() => strategy.RunLateAsync(0)).OrTimeout();

        Assert.IsAssignableFrom<OperationCanceledException>(late.Exception);
        Assert.Equal(0, _session.Publish.Calls);
        Assert.Empty(_factory.Created);
    }
}
