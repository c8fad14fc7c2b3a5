using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Vonage.PublishKit.Testing.Tests;

public class FakeSessionTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task PublishAsync_Connected_AssignsStreamIdAndRecordsPublisher()
    {
        var session = new FakeSession(_time);
        var publisher = new FakePublisher(new PublisherSettings(), _time);
        await session.ConnectAsync("token");

        await session.PublishAsync(publisher);

        Assert.Equal("fake-stream-1", publisher.StreamId);
        Assert.Equal([publisher], session.Published);
        Assert.Equal(1, session.Publish.Calls);
    }

    [Fact]
    public async Task PublishAsync_NotConnected_FailsLikeTheSdk()
    {
        var session = new FakeSession(_time);

        var exception = await Assert.ThrowsAsync<NotConnectedException>(() => session.PublishAsync(new FakePublisher()));

        Assert.Equal(PublishPhase.Publish, exception.Phase);
        Assert.Empty(session.Published);
    }

    [Fact]
    public async Task UnpublishAsync_RecordsAndRaisesStreamDestroyedByClient()
    {
        var session = new FakeSession(_time) { IsConnected = true };
        var publisher = new FakePublisher();
        var reasons = new List<StreamDestroyedReason>();
        publisher.StreamDestroyed += (_, e) => reasons.Add(e.Reason);
        await session.PublishAsync(publisher);

        await session.UnpublishAsync(publisher);

        Assert.Equal([publisher], session.Unpublished);
        Assert.Equal([StreamDestroyedReason.ClientDisconnected], reasons);
    }

    [Fact]
    public async Task LoseStreamsAfter_StreamDestroyedByNetworkExactlyThen()
    {
        var session = new FakeSession(_time) { IsConnected = true, LoseStreamsAfter = TimeSpan.FromSeconds(5) };
        var publisher = new FakePublisher(new PublisherSettings(), _time);
        var reasons = new List<StreamDestroyedReason>();
        publisher.StreamDestroyed += (_, e) => reasons.Add(e.Reason);
        await session.PublishAsync(publisher);

        _time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        Assert.Empty(reasons);
        _time.Advance(TimeSpan.FromTicks(1));

        Assert.Equal([StreamDestroyedReason.NetworkDisconnected], reasons);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Single(reasons);
    }

    [Fact]
    public async Task LoseStreamsAfter_NotAfterUnpublish()
    {
        var session = new FakeSession(_time) { IsConnected = true, LoseStreamsAfter = TimeSpan.FromSeconds(5) };
        var publisher = new FakePublisher(new PublisherSettings(), _time);
        await session.PublishAsync(publisher);
        await session.UnpublishAsync(publisher);
        var raised = 0;
        publisher.StreamDestroyed += (_, _) => raised++;

        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, raised);
    }

    [Fact]
    public void RaiseDisconnectedReconnectingReconnected_RaiseEventsAndTrackConnection()
    {
        var session = new FakeSession(_time) { IsConnected = true };
        var seen = new List<string>();
        session.Reconnecting += (_, _) => seen.Add("reconnecting");
        session.Reconnected += (_, _) => seen.Add("reconnected");
        session.Disconnected += (_, e) => seen.Add("disconnected:" + e.Reason);

        session.RaiseReconnecting();
        session.RaiseReconnected();
        Assert.True(session.IsConnected);
        session.RaiseDisconnected(DisconnectReason.NetworkDisconnected);

        Assert.False(session.IsConnected);
        Assert.Equal(["reconnecting", "reconnected", "disconnected:NetworkDisconnected"], seen);
    }

    [Fact]
    public async Task Arguments_NullOrEmpty_ThrowNamingThem()
    {
        var session = new FakeSession(_time);

        Assert.Equal("token", (await Assert.ThrowsAsync<ArgumentException>(() => session.ConnectAsync(""))).ParamName);
        Assert.Equal("publisher", (await Assert.ThrowsAsync<ArgumentNullException>(() => session.PublishAsync(null!))).ParamName);
        Assert.Equal("publisher", (await Assert.ThrowsAsync<ArgumentNullException>(() => session.UnpublishAsync(null!))).ParamName);
        Assert.Equal("timeProvider", Assert.Throws<ArgumentNullException>(() => new FakeSession(null!)).ParamName);
    }
}
