using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// An app's telemetry listener that throws loses its own record and nothing else: every outcome, state and
/// release is what it would be without the listener (issue 13, item 1).
/// </summary>
public sealed class ThrowingListenerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeSession _session;
    private readonly FakePublisherFactory _factory;
    private readonly ThrowingListeners _listeners = new();

    public ThrowingListenerTests()
    {
        _session = new FakeSession(_time);
        _factory = new FakePublisherFactory(_time);
    }

    public static TheoryData<string, string> Hostility => new()
    {
        { "sample", "Vonage.PublishKit.Publish" },
        { "start", "Vonage.PublishKit.Publish" },
        { "stop", "Vonage.PublishKit.Publish" },
        { "start", "Vonage.PublishKit.Attempt" },
        { "stop", "Vonage.PublishKit.Attempt" },
        { "start", "Vonage.PublishKit.Initialize" },
        { "stop", "Vonage.PublishKit.Connect" },
        { "stop", "Vonage.PublishKit.PublishStream" },
        { "measure", "vonage.publishkit.publish.duration" },
        { "measure", "vonage.publishkit.phase.duration" },
        { "measure", "vonage.publishkit.attempts" },
        { "measure", "vonage.publishkit.failures" },
        { "measure", "vonage.publishkit.retries" },
        { "measure", "vonage.publishkit.streams.lost" },
        { "measure", "vonage.publishkit.republishes" },
    };

    public void Dispose() => _listeners.Dispose();

    [Theory]
    [MemberData(nameof(Hostility))]
    public async Task EveryPath_ListenerThrows_OutcomesStatesAndReleasesAreUnchanged(string where, string name)
    {
        switch (where)
        {
            case "sample": _listeners.ThrowOnSample = name; break;
            case "start": _listeners.ThrowOnStart = name; break;
            case "stop": _listeners.ThrowOnStop = name; break;
            default: _listeners.ThrowOnMeasurement = name; break;
        }

        var sut = CreateSut(republish: true);
        var lost = 0;
        sut.NetworkDisconnected += (_, _) => lost++;

        // Published, then lost and republished by itself.
        var first = await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        Assert.Equal(PublishState.Published, sut.State);
        var republished = new TaskCompletionSource();
        sut.Republished += (_, _) => republished.TrySetResult();
        _factory.LastCreated!.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        await republished.Task.OrTimeout();
        Assert.Equal(1, lost);
        Assert.True(((FakePublisher)first.Publisher).IsDisposed);
        Assert.Equal(PublishState.Published, sut.State);
        await sut.UnpublishAsync().OrTimeout();
        Assert.Equal(PublishState.Idle, sut.State);

        // A transient failure retried, then a success.
        _session.Publish.Enqueue(FakeOutcome.Fail(PublishErrorKind.PeerConnectionFailed));
        var retried = sut.PublishAsync(SeamHarness.Token);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(await retried.OrTimeout());
        await sut.UnpublishAsync().OrTimeout();

        // Access denied stays itself, unwrapped, and the publisher is released.
        _factory.Initialize.Enqueue(FakeOutcome.Fail(PublishErrorKind.AccessDenied));
        await Assert.ThrowsAsync<AccessDeniedException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());
        Assert.Equal(PublishState.Idle, sut.State);

        await sut.DisposeAsync().AsTask().OrTimeout();
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
        Assert.True(_listeners.Thrown > 0, "the hostile listener was never reached");
    }

    [Fact]
    public async Task Constructor_InstrumentListenerThrows_PublishesWithoutMetrics()
    {
        _listeners.ThrowOnInstrumentPublished = true;

        await using var sut = CreateSut(republish: false);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Equal(PublishState.Published, sut.State);
    }

    private PublishOrchestrator CreateSut(bool republish) => new(_session, _factory, new PublishOrchestratorOptions
    {
        TimeProvider = _time,
        MeterFactory = _listeners.MeterFactory,
        Retry = new PublishRetryOptions { UseJitter = false, BaseDelay = TimeSpan.FromSeconds(1) },
        RepublishAfterNetworkLoss = republish,
    });
}
