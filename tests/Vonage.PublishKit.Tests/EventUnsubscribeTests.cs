using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests;

/// <summary>
/// Every public event's remove accessor really removes: a handler taken off is never called again, while one
/// still subscribed to the same event is, through a script that raises all seven.
/// </summary>
public class EventUnsubscribeTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeSession _session;
    private readonly FakePublisherFactory _factory;
    private readonly Dictionary<string, int> _kept = [];
    private int _removedCalls;

    public EventUnsubscribeTests()
    {
        _session = new FakeSession(_time);
        _factory = new FakePublisherFactory(_time);
    }

    public static TheoryData<string> Events =>
        [nameof(PublishOrchestrator.NetworkDisconnected), nameof(PublishOrchestrator.StateChanged), nameof(PublishOrchestrator.Retrying), nameof(PublishOrchestrator.Reconnecting), nameof(PublishOrchestrator.Reconnected), nameof(PublishOrchestrator.Republished), nameof(PublishOrchestrator.RepublishFailed)];

    [Theory]
    [MemberData(nameof(Events))]
    public async Task Unsubscribe_HandlerRemoved_IsNeverCalledWhileTheEventIsStillRaised(string eventName)
    {
        InlineContinuations.Enable();
        await using var sut = new PublishOrchestrator(_session, _factory, new PublishOrchestratorOptions
        {
            TimeProvider = _time,
            Retry = new PublishRetryOptions { BaseDelay = TimeSpan.FromSeconds(1), UseJitter = false },
            RepublishAfterNetworkLoss = true,
        });
        SubscribeKeptHandlers(sut);
        SubscribeThenUnsubscribe(sut, eventName);

        await RaiseEveryEventAsync(sut);

        Assert.True(_kept.GetValueOrDefault(eventName) > 0, $"the script never raised {eventName}");
        Assert.Equal(0, _removedCalls);
    }

    /// <summary>A retried publish, a reconnection, a loss republished, and a loss whose republish fails.</summary>
    private async Task RaiseEveryEventAsync(PublishOrchestrator sut)
    {
        _session.Connect.Enqueue(FakeOutcome.Fail(PublishErrorKind.NotConnected));
        await _time.DriveAsync(sut.PublishAsync(SeamHarness.Token), TimeSpan.FromMilliseconds(100));

        _session.RaiseReconnecting();
        _session.RaiseReconnected();

        _factory.LastCreated!.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        Assert.Equal(PublishState.Published, sut.State);

        _factory.Initialize.Enqueue(FakeOutcome.Fail(PublishErrorKind.AccessDenied));
        _factory.LastCreated!.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        Assert.Equal(PublishState.Idle, sut.State);
    }

    private void SubscribeKeptHandlers(PublishOrchestrator sut)
    {
        sut.NetworkDisconnected += (_, _) => Count(nameof(sut.NetworkDisconnected));
        sut.StateChanged += (_, _) => Count(nameof(sut.StateChanged));
        sut.Retrying += (_, _) => Count(nameof(sut.Retrying));
        sut.Reconnecting += (_, _) => Count(nameof(sut.Reconnecting));
        sut.Reconnected += (_, _) => Count(nameof(sut.Reconnected));
        sut.Republished += (_, _) => Count(nameof(sut.Republished));
        sut.RepublishFailed += (_, _) => Count(nameof(sut.RepublishFailed));
    }

    private void SubscribeThenUnsubscribe(PublishOrchestrator sut, string eventName)
    {
        switch (eventName)
        {
            case nameof(sut.NetworkDisconnected):
                EventHandler<NetworkDisconnectedEventArgs> disconnected = (_, _) => _removedCalls++;
                sut.NetworkDisconnected += disconnected;
                sut.NetworkDisconnected -= disconnected;
                break;
            case nameof(sut.StateChanged):
                EventHandler<PublishStateChangedEventArgs> changed = (_, _) => _removedCalls++;
                sut.StateChanged += changed;
                sut.StateChanged -= changed;
                break;
            case nameof(sut.Retrying):
                EventHandler<PublishRetryingEventArgs> retrying = (_, _) => _removedCalls++;
                sut.Retrying += retrying;
                sut.Retrying -= retrying;
                break;
            case nameof(sut.Reconnecting):
                EventHandler reconnecting = (_, _) => _removedCalls++;
                sut.Reconnecting += reconnecting;
                sut.Reconnecting -= reconnecting;
                break;
            case nameof(sut.Reconnected):
                EventHandler reconnected = (_, _) => _removedCalls++;
                sut.Reconnected += reconnected;
                sut.Reconnected -= reconnected;
                break;
            case nameof(sut.Republished):
                EventHandler<RepublishedEventArgs> republished = (_, _) => _removedCalls++;
                sut.Republished += republished;
                sut.Republished -= republished;
                break;
            case nameof(sut.RepublishFailed):
                EventHandler<RepublishFailedEventArgs> failed = (_, _) => _removedCalls++;
                sut.RepublishFailed += failed;
                sut.RepublishFailed -= failed;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(eventName), eventName, "not an event of the orchestrator");
        }
    }

    private void Count(string eventName) => _kept[eventName] = _kept.GetValueOrDefault(eventName) + 1;
}
