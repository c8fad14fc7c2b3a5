using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Resilience;

public class ReconnectionTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeSession _session;
    private readonly FakePublisherFactory _factory;
    private readonly List<string> _events = [];

    public ReconnectionTests()
    {
        _session = new FakeSession(_time);
        _factory = new FakePublisherFactory(_time);
    }

    [Fact]
    public async Task Reconnecting_ThenReconnected_KeepsTheStreamAndSurfacesBothEvents()
    {
        await using var sut = await PublishedSutAsync();

        _session.RaiseReconnecting();
        Assert.Equal(PublishState.Reconnecting, sut.State);
        Assert.NotNull(sut.CurrentStream);
        _session.RaiseReconnected();

        Assert.Equal(["State:Reconnecting", "Reconnecting", "State:Published", "Reconnected"], _events);
        Assert.Equal(PublishState.Published, sut.State);
        Assert.Equal(0, _factory.Created[0].DisposeCount);
    }

    [Fact]
    public async Task StreamDestroyedByNetworkWhileReconnecting_ThenRecovered_IsNotReportedLost()
    {
        await using var sut = await PublishedSutAsync();

        _session.RaiseReconnecting();
        _factory.Created[0].RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        _session.RaiseReconnected();

        Assert.DoesNotContain("NetworkDisconnected", _events);
        Assert.Equal(PublishState.Published, sut.State);
    }

    [Fact]
    public async Task Reconnecting_ThenDisconnected_ReportsTheLossOnce()
    {
        await using var sut = await PublishedSutAsync();

        _session.RaiseReconnecting();
        _factory.Created[0].RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        _session.RaiseDisconnected(DisconnectReason.NetworkDisconnected);

        Assert.Equal(["State:Reconnecting", "Reconnecting", "State:Idle", "NetworkDisconnected"], _events);
        Assert.Equal(1, _factory.Created[0].DisposeCount);
    }

    [Fact]
    public async Task StreamForceUnpublishedWhileReconnecting_EndsAtOnce()
    {
        await using var sut = await PublishedSutAsync();

        _session.RaiseReconnecting();
        _factory.Created[0].RaiseStreamDestroyed(StreamDestroyedReason.ForceUnpublished);

        Assert.Equal(PublishState.Idle, sut.State);
        Assert.DoesNotContain("NetworkDisconnected", _events);
    }

    [Fact]
    public async Task UnpublishAsync_WhileReconnecting_Unpublishes()
    {
        await using var sut = await PublishedSutAsync();
        _session.RaiseReconnecting();

        await sut.UnpublishAsync().OrTimeout();

        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Equal([_factory.Created[0]], _session.Unpublished);
        Assert.Equal(1, _factory.Created[0].DisposeCount);
    }

    [Fact]
    public async Task ReconnectingAndReconnected_WhileIdle_OnlyRaiseTheEvents()
    {
        await using var sut = new PublishOrchestrator(_session, _factory, new PublishOrchestratorOptions { TimeProvider = _time });
        sut.StateChanged += (_, e) => _events.Add("State:" + e.State);
        sut.Reconnecting += (_, _) => _events.Add("Reconnecting");
        sut.Reconnected += (_, _) => _events.Add("Reconnected");

        _session.RaiseReconnecting();
        _session.RaiseReconnected();

        Assert.Equal(["Reconnecting", "Reconnected"], _events);
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Fact]
    public async Task Reconnected_WithoutReconnecting_KeepsPublishedAndRaisesTheEvent()
    {
        await using var sut = await PublishedSutAsync();

        _session.RaiseReconnected();

        Assert.Equal(["Reconnected"], _events);
        Assert.Equal(PublishState.Published, sut.State);
    }

    private async Task<PublishOrchestrator> PublishedSutAsync()
    {
        var sut = new PublishOrchestrator(_session, _factory, new PublishOrchestratorOptions { TimeProvider = _time });
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        sut.StateChanged += (_, e) => _events.Add("State:" + e.State);
        sut.NetworkDisconnected += (_, _) => _events.Add("NetworkDisconnected");
        sut.Reconnecting += (_, _) => _events.Add("Reconnecting");
        sut.Reconnected += (_, _) => _events.Add("Reconnected");
        return sut;
    }
}
